package aws

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// CloudTrail is the CloudTrail client of one Region, for reading the event
// history (read-only).
type CloudTrail struct {
	c      *cloudtrail.Client
	region string
	cl     *Clients
}

// CloudTrail returns a CloudTrail client for region. It honours the same
// endpoint override as KMS (--endpoint-url, AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_CLOUDTRAIL).
func (c *Clients) CloudTrail(region string) *CloudTrail {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &CloudTrail{c: cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.BaseEndpoint = c.baseEndpoint("CloudTrail") }), region: region, cl: c}
}

// Region is the client's Region.
func (t *CloudTrail) Region() string { return t.region }

// TrailEvent is one event of the CloudTrail event history.
type TrailEvent struct {
	ID        string
	Time      time.Time
	Name      string // the API operation, e.g. Decrypt
	Source    string // e.g. kms.amazonaws.com
	AccountID string // the caller's account (userIdentity.accountId); "" when the record does not say
	Username  string
}

// KeyEvents is what LookupKeyEvents found.
type KeyEvents struct {
	Events    []TrailEvent // newest first
	Truncated bool         // more events exist than were read (MaxPages reached)
}

// LookupMaxPages bounds the pages LookupKeyEvents reads (50 events a page;
// the event history API allows about 2 calls a second per account and Region).
const LookupMaxPages = 20

// LookupKeyEvents lists the events recorded for the resource keyARN since the
// given time, newest first, reading at most LookupMaxPages pages. An endpoint
// that does not implement LookupEvents gives an error for which IsUnsupported
// is true.
func (t *CloudTrail) LookupKeyEvents(ctx context.Context, keyARN string, since time.Time) (*KeyEvents, error) {
	in := &cloudtrail.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{
			AttributeKey: cttypes.LookupAttributeKeyResourceName, AttributeValue: sdkaws.String(keyARN),
		}},
		StartTime:  sdkaws.Time(since),
		MaxResults: sdkaws.Int32(50),
	}
	opt := func(o *cloudtrail.Options) {
		o.APIOptions = append(o.APIOptions, addDetectUnsupported)
		o.Retryer = wrapRetryer(o.Retryer)
	}
	res := &KeyEvents{}
	p := cloudtrail.NewLookupEventsPaginator(t.c, in)
	for page := 0; p.HasMorePages(); page++ {
		if page == LookupMaxPages {
			res.Truncated = true
			break
		}
		out, err := p.NextPage(ctx, opt)
		if err != nil {
			return nil, t.cl.classifyOptional(err, "LookupEvents", t.region)
		}
		for _, e := range out.Events {
			res.Events = append(res.Events, trailEvent(e))
		}
	}
	return res, nil
}

func trailEvent(e cttypes.Event) TrailEvent {
	ev := TrailEvent{
		ID: sdkaws.ToString(e.EventId), Time: sdkaws.ToTime(e.EventTime), Name: sdkaws.ToString(e.EventName),
		Source: sdkaws.ToString(e.EventSource), Username: sdkaws.ToString(e.Username),
	}
	var rec struct {
		EventSource  string `json:"eventSource"`
		EventName    string `json:"eventName"`
		UserIdentity struct {
			AccountID string `json:"accountId"`
		} `json:"userIdentity"`
	}
	if raw := sdkaws.ToString(e.CloudTrailEvent); raw != "" && json.Unmarshal([]byte(raw), &rec) == nil {
		ev.AccountID = rec.UserIdentity.AccountID
		if ev.Source == "" {
			ev.Source = rec.EventSource
		}
		if ev.Name == "" {
			ev.Name = rec.EventName
		}
	}
	return ev
}

// Trail is a CloudTrail trail that applies to a Region (its own, or a
// multi-Region trail of another home Region), with its logging status.
type Trail struct {
	Name        string
	ARN         string
	HomeRegion  string
	MultiRegion bool
	Logging     bool
}

// Trails lists the trails that apply to this Region (DescribeTrails with
// shadow trails) and reads each one's status (GetTrailStatus by ARN, in
// parallel). It never changes a trail.
func (t *CloudTrail) Trails(ctx context.Context) ([]Trail, error) {
	out, err := t.c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: sdkaws.Bool(true)})
	if err != nil {
		return nil, t.cl.classify(err, "DescribeTrails", t.region)
	}
	trails := make([]Trail, 0, len(out.TrailList))
	for _, tr := range out.TrailList {
		home := sdkaws.ToString(tr.HomeRegion)
		multi := sdkaws.ToBool(tr.IsMultiRegionTrail)
		if home != "" && home != t.region && !multi {
			continue
		}
		trails = append(trails, Trail{Name: sdkaws.ToString(tr.Name), ARN: sdkaws.ToString(tr.TrailARN), HomeRegion: home, MultiRegion: multi})
	}
	errs := make([]error, len(trails))
	done := make(chan struct{}, len(trails))
	for i := range trails {
		go func() {
			defer func() { done <- struct{}{} }()
			name := trails[i].ARN
			if name == "" {
				name = trails[i].Name
			}
			st, err := t.c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: sdkaws.String(name)})
			if err != nil {
				errs[i] = t.cl.classify(err, "GetTrailStatus", t.region)
				return
			}
			trails[i].Logging = sdkaws.ToBool(st.IsLogging)
		}()
	}
	for range trails {
		<-done
	}
	for i, err := range errs {
		if err != nil {
			// One logging trail is enough: a status that cannot be read
			// matters only when no other trail is known to log.
			if slices.ContainsFunc(trails, func(tr Trail) bool { return tr.Logging }) {
				trails[i].Logging = false
				continue
			}
			return trails, err
		}
	}
	return trails, nil
}
