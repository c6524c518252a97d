package aws

import (
	"context"
	"errors"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"
)

// SNS is the SNS client of one Region, for the tamper-alert topic.
type SNS struct {
	c      *sns.Client
	region string
	cl     *Clients
}

// SNS returns the SNS client of region (AWS_ENDPOINT_URL_SNS for this
// service, else the same overrides as KMS).
func (c *Clients) SNS(region string) *SNS {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &SNS{c: sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = c.baseEndpoint("SNS") }), region: region, cl: c}
}

// Subscription is one subscription of a topic.
type Subscription struct {
	ARN      string // "PendingConfirmation" until the recipient confirms
	Protocol string
	Endpoint string
}

// Pending reports whether the recipient has not confirmed the subscription yet.
func (s Subscription) Pending() bool {
	return s.ARN == "PendingConfirmation" || s.ARN == "pending confirmation" || !strings.HasPrefix(s.ARN, "arn:")
}

// TopicPolicy returns the topic's access policy. A missing topic is an
// *Error of KindNotFound.
func (s *SNS) TopicPolicy(ctx context.Context, arn string) (string, error) {
	out, err := s.c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: sdkaws.String(arn)})
	if err != nil {
		return "", s.classify(err, "GetTopicAttributes")
	}
	return out.Attributes["Policy"], nil
}

// CreateTopic creates a topic with its access policy and tags (an upsert
// for the same name, policy and tags) and returns its ARN.
func (s *SNS) CreateTopic(ctx context.Context, name, policy string, tags []Tag) (string, error) {
	in := &sns.CreateTopicInput{Name: sdkaws.String(name), Attributes: map[string]string{"Policy": policy}}
	for _, t := range tags {
		in.Tags = append(in.Tags, snstypes.Tag{Key: sdkaws.String(t.Key), Value: sdkaws.String(t.Value)})
	}
	out, err := s.c.CreateTopic(ctx, in)
	if err != nil {
		return "", s.classify(err, "CreateTopic")
	}
	return sdkaws.ToString(out.TopicArn), nil
}

// SetTopicPolicy replaces the topic's access policy.
func (s *SNS) SetTopicPolicy(ctx context.Context, arn, policy string) error {
	_, err := s.c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: sdkaws.String(arn),
		AttributeName: sdkaws.String("Policy"), AttributeValue: sdkaws.String(policy)})
	if err != nil {
		return s.classify(err, "SetTopicAttributes")
	}
	return nil
}

// Subscriptions lists the subscriptions of a topic (every page).
func (s *SNS) Subscriptions(ctx context.Context, arn string) ([]Subscription, error) {
	var subs []Subscription
	p := sns.NewListSubscriptionsByTopicPaginator(s.c, &sns.ListSubscriptionsByTopicInput{TopicArn: sdkaws.String(arn)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, s.classify(err, "ListSubscriptionsByTopic")
		}
		for _, x := range out.Subscriptions {
			subs = append(subs, Subscription{ARN: sdkaws.ToString(x.SubscriptionArn), Protocol: sdkaws.ToString(x.Protocol), Endpoint: sdkaws.ToString(x.Endpoint)})
		}
	}
	return subs, nil
}

// SubscribeEmail subscribes an e-mail address (an upsert: the same address
// twice makes one subscription). SNS then sends the address a confirmation
// e-mail; nothing is delivered until it is confirmed.
func (s *SNS) SubscribeEmail(ctx context.Context, arn, addr string) error {
	_, err := s.c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: sdkaws.String(arn), Protocol: sdkaws.String("email"), Endpoint: sdkaws.String(addr)})
	if err != nil {
		return s.classify(err, "Subscribe")
	}
	return nil
}

// Unsubscribe removes a confirmed subscription by its ARN. A subscription
// that is already gone is no error (a rerun after a lost answer). A pending
// one has no ARN yet and cannot be removed: SNS deletes it by itself when
// nobody confirms it within 48 hours.
func (s *SNS) Unsubscribe(ctx context.Context, subARN string) error {
	_, err := s.c.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: sdkaws.String(subARN)})
	if err != nil {
		if err := s.classify(err, "Unsubscribe"); !IsNotFound(err) {
			return err
		}
	}
	return nil
}

// Deleted reports whether SNS is removing the subscription already (its
// ARN reads "Deleted" for a while after an unsubscribe).
func (s Subscription) Deleted() bool { return s.ARN == "Deleted" }

// classify also makes SNS's NotFound (a missing topic) KindNotFound.
func (s *SNS) classify(err error, op string) error {
	if e := notFoundAs(err, op, s.region, "NotFound", "NotFoundException"); e != nil {
		return e
	}
	return s.cl.classify(err, op, s.region)
}

// notFoundAs returns an *Error of KindNotFound when err is an API error with
// one of codes, else nil.
func notFoundAs(err error, op, region string, codes ...string) error {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return nil
	}
	for _, c := range codes {
		if api.ErrorCode() == c {
			e := &Error{Kind: KindNotFound, Op: op, Region: region, Code: c, Err: err}
			e.say("aws.err.not-found.summary", api.ErrorMessage())
			return e
		}
	}
	return nil
}
