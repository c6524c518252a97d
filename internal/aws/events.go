package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Events is the EventBridge client of one Region (the default event bus),
// for the tamper-alert rule.
type Events struct {
	c      *eventbridge.Client
	region string
	cl     *Clients
}

// Events returns the EventBridge client of region. It honours the same
// endpoint overrides as KMS (AWS_ENDPOINT_URL_EVENTBRIDGE for this service).
func (c *Clients) Events(region string) *Events {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &Events{c: eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) { o.BaseEndpoint = c.baseEndpoint("EventBridge") }), region: region, cl: c}
}

// Rule is what the product needs of an EventBridge rule.
type Rule struct {
	Name        string
	ARN         string
	Pattern     string
	State       string // ENABLED, DISABLED, ...
	Description string
}

// Target is one target of a rule, with its input transformer.
type Target struct {
	ID        string
	ARN       string
	InputPath map[string]string // InputTransformer.InputPathsMap
	Template  string            // InputTransformer.InputTemplate
}

// DescribeRule reads a rule of the default bus. A missing rule is an *Error
// of KindNotFound.
func (e *Events) DescribeRule(ctx context.Context, name string) (*Rule, error) {
	out, err := e.c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: sdkaws.String(name)})
	if err != nil {
		if nf := notFoundAs(err, "DescribeRule", e.region, "ResourceNotFoundException"); nf != nil {
			return nil, nf
		}
		return nil, e.cl.classify(err, "DescribeRule", e.region)
	}
	return &Rule{Name: sdkaws.ToString(out.Name), ARN: sdkaws.ToString(out.Arn), Pattern: sdkaws.ToString(out.EventPattern),
		State: string(out.State), Description: sdkaws.ToString(out.Description)}, nil
}

// PutRule creates or updates an enabled rule (an upsert: the same input
// twice leaves one rule). Tags are applied when the rule is created.
func (e *Events) PutRule(ctx context.Context, r Rule, tags []Tag) (string, error) {
	in := &eventbridge.PutRuleInput{
		Name: sdkaws.String(r.Name), EventPattern: sdkaws.String(r.Pattern), State: ebtypes.RuleStateEnabled,
		Description: sdkaws.String(r.Description),
	}
	for _, t := range tags {
		in.Tags = append(in.Tags, ebtypes.Tag{Key: sdkaws.String(t.Key), Value: sdkaws.String(t.Value)})
	}
	out, err := e.c.PutRule(ctx, in)
	if err != nil {
		return "", e.cl.classify(err, "PutRule", e.region)
	}
	return sdkaws.ToString(out.RuleArn), nil
}

// Targets lists the targets of a rule.
func (e *Events) Targets(ctx context.Context, rule string) ([]Target, error) {
	out, err := e.c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: sdkaws.String(rule)})
	if err != nil {
		if nf := notFoundAs(err, "ListTargetsByRule", e.region, "ResourceNotFoundException"); nf != nil {
			return nil, nf
		}
		return nil, e.cl.classify(err, "ListTargetsByRule", e.region)
	}
	var ts []Target
	for _, t := range out.Targets {
		tg := Target{ID: sdkaws.ToString(t.Id), ARN: sdkaws.ToString(t.Arn)}
		if it := t.InputTransformer; it != nil {
			tg.InputPath, tg.Template = it.InputPathsMap, sdkaws.ToString(it.InputTemplate)
		}
		ts = append(ts, tg)
	}
	return ts, nil
}

// PutTarget adds or replaces (by its ID) one target of a rule.
func (e *Events) PutTarget(ctx context.Context, rule string, t Target) error {
	out, err := e.c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: sdkaws.String(rule), Targets: []ebtypes.Target{{
		Id: sdkaws.String(t.ID), Arn: sdkaws.String(t.ARN),
		InputTransformer: &ebtypes.InputTransformer{InputPathsMap: t.InputPath, InputTemplate: sdkaws.String(t.Template)},
	}}})
	if err == nil && out.FailedEntryCount > 0 && len(out.FailedEntries) > 0 {
		f := out.FailedEntries[0]
		e := &Error{Op: "PutTargets", Region: e.region, Code: sdkaws.ToString(f.ErrorCode)}
		e.say("aws.err.unknown.summary", sdkaws.ToString(f.ErrorCode)+": "+sdkaws.ToString(f.ErrorMessage))
		return e
	}
	if err != nil {
		return e.cl.classify(err, "PutTargets", e.region)
	}
	return nil
}

// TestEventPattern asks EventBridge whether event matches pattern. ok is
// false when the endpoint gave no answer (an emulator that does not evaluate
// patterns answers without a result).
func (e *Events) TestEventPattern(ctx context.Context, pattern, event string) (match, ok bool, err error) {
	out, err := e.c.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: sdkaws.String(pattern), Event: sdkaws.String(event)},
		func(o *eventbridge.Options) {
			o.APIOptions = append(o.APIOptions, addDetectUnsupported, addRawResult)
			o.Retryer = wrapRetryer(o.Retryer)
		})
	if err != nil {
		return false, false, e.cl.classifyOptional(err, "TestEventPattern", e.region)
	}
	return out.Result, resultPresent(out), nil
}

// resultKey marks, in an answer's metadata, that TestEventPattern's answer
// held a Result (true or false); the SDK's output cannot tell false from none.
type resultKey struct{}

func resultPresent(out *eventbridge.TestEventPatternOutput) bool {
	v, _ := out.ResultMetadata.Get(resultKey{}).(bool)
	return v
}

// rawResult is a Deserialize middleware next to the transport: it looks into
// a successful raw answer for a "Result" member and restores the body.
var rawResult = middleware.DeserializeMiddlewareFunc("zcmkRawResult",
	func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if err != nil {
			return out, md, err
		}
		resp, ok := out.RawResponse.(*smithyhttp.Response)
		if !ok || resp.StatusCode >= 300 || resp.Body == nil {
			return out, md, err
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var m map[string]json.RawMessage
		if rerr == nil && json.Unmarshal(body, &m) == nil {
			_, has := m["Result"]
			md.Set(resultKey{}, has)
		}
		return out, md, nil
	})

func addRawResult(stack *middleware.Stack) error {
	return stack.Deserialize.Add(rawResult, middleware.After)
}
