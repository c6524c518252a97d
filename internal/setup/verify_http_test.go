package setup

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The KMS emulator does not serve kms:GetKeyLastUsage or CloudTrail
// LookupEvents. These tests put an HTTP proxy in front of it: every request
// is forwarded to the emulator except the ones a test answers itself, which
// get answers in the real AWS JSON 1.1 wire format. The shapes are taken from
// the SDK's own deserializers in the module cache:
//   - GetKeyLastUsage: github.com/aws/aws-sdk-go-v2/service/kms@v1.62.6,
//     schemas/schemas.go (GetKeyLastUsageResponse: KeyId, KeyLastUsage,
//     TrackingStartDate, KeyCreationDate; KeyLastUsageData: Operation,
//     Timestamp, CloudTrailEventId, KmsRequestId) with types/types.go; dates
//     are epoch seconds;
//   - LookupEvents: github.com/aws/aws-sdk-go-v2/service/cloudtrail@v1.56.0,
//     deserializers.go (awsAwsjson11_deserializeOpDocumentLookupEventsOutput:
//     Events, NextToken; awsAwsjson11_deserializeDocumentEvent: EventId,
//     EventName, EventSource, EventTime as epoch seconds, Username, ReadOnly,
//     Resources, CloudTrailEvent as a JSON string);
//   - errors: {"__type": "<Code>", "message": "..."} with HTTP 400, as both
//     deserializers read them.

// proxied is one request that went through the proxy.
type proxied struct {
	region, service, op string
	body                map[string]any
	start, end          time.Time
}

type answerFunc func(p proxied) (status int, contentType, body string, ok bool)

// kmsProxy is the shared fault proxy in front of the emulator, with every
// request delayed by delay and answered by answer when it says so.
type kmsProxy struct {
	URL string
	fp  *faultproxy.Proxy
}

func newProxy(t *testing.T, delay time.Duration, answer answerFunc) *kmsProxy {
	t.Helper()
	fp := faultproxy.New(t, emu.URL)
	if answer != nil {
		fp.Add(faultproxy.Fault{Delay: delay, AnswerWithType: func(r faultproxy.Request) (int, string, string, bool) {
			return answer(fromFault(r))
		}})
	}
	if delay > 0 {
		fp.Add(faultproxy.Fault{Delay: delay})
	}
	return &kmsProxy{URL: fp.URL, fp: fp}
}

func fromFault(r faultproxy.Request) proxied {
	return proxied{region: r.Region, service: r.Service, op: r.Op, body: r.Body, start: r.Start, end: r.End}
}

func (p *kmsProxy) requests(op string) []proxied {
	var out []proxied
	for _, r := range p.fp.Requests(op) {
		out = append(out, fromFault(r))
	}
	return out
}

const amzJSON = "application/x-amz-json-1.1"

func jsonAnswer(v any) (int, string, string, bool) {
	b, _ := json.Marshal(v)
	return 200, amzJSON, string(b), true
}

func awsError(status int, code, msg string) (int, string, string, bool) {
	b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	return status, amzJSON, string(b), true
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// lastUsage is a GetKeyLastUsage answer; when is zero for "never used".
func lastUsage(keyID string, when time.Time, op, eventID string) (int, string, string, bool) {
	out := map[string]any{
		"KeyId": keyID, "KeyCreationDate": epoch(time.Now().Add(-30 * 24 * time.Hour)),
		"TrackingStartDate": epoch(time.Now().Add(-30 * 24 * time.Hour)), "KeyLastUsage": map[string]any{},
	}
	if !when.IsZero() {
		out["KeyLastUsage"] = map[string]any{"Operation": op, "Timestamp": epoch(when), "CloudTrailEventId": eventID,
			"KmsRequestId": "0f6e4a4e-1111-2222-3333-444455556666"}
	}
	return jsonAnswer(out)
}

// trailEvent is one LookupEvents event for keyARN by account.
func trailEvent(id, name, source, account, keyARN string, at time.Time) map[string]any {
	rec, _ := json.Marshal(map[string]any{
		"eventVersion": "1.08", "eventTime": at.UTC().Format(time.RFC3339), "eventSource": source, "eventName": name,
		"userIdentity":       map[string]any{"type": "AWSAccount", "principalId": "AIDAEXAMPLE", "accountId": account},
		"recipientAccountId": moto.AccountID, "readOnly": true,
		"resources": []any{map[string]any{"accountId": moto.AccountID, "type": "AWS::KMS::Key", "ARN": keyARN}},
	})
	return map[string]any{
		"EventId": id, "EventName": name, "ReadOnly": "true", "EventTime": epoch(at), "EventSource": source,
		"Username": "", "Resources": []any{map[string]any{"ResourceType": "AWS::KMS::Key", "ResourceName": keyARN}},
		"CloudTrailEvent": string(rec),
	}
}

func verifyVia(t *testing.T, p *kmsProxy, o VerifyOptions) *VerifyReport {
	t.Helper()
	return verifyAt(t, p.URL, o)
}

func TestVerifyLastUse(t *testing.T) {
	arn, keyID := setUpSet(t, "us-east-1", "us-west-2")
	used := time.Now().Add(-5 * time.Hour).Truncate(time.Second)
	primaryUsed := true
	p := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op != "GetKeyLastUsage" {
			return 0, "", "", false
		}
		if r.body["KeyId"] != keyID {
			return awsError(400, "NotFoundException", fmt.Sprintf("Key '%v' does not exist", r.body["KeyId"]))
		}
		if r.region == "us-east-1" && primaryUsed {
			return lastUsage(keyID, used, "GenerateDataKey", "ev-0001")
		}
		return lastUsage(keyID, time.Time{}, "", "")
	})
	old := time.Now().Add(-3 * 24 * time.Hour)

	// Used in the primary; the replica not (yet): both fine.
	rep := verifyVia(t, p, VerifyOptions{Key: arn, SetupAt: old})
	c := wantCheck(t, rep, "us-east-1", CheckLastUse, CheckOK, "GenerateDataKey", "ev-0001", used.UTC().Format("2006-01-02 15:04"))
	if c.Unknown {
		t.Error("a real answer is marked unknown")
	}
	wantCheck(t, rep, "us-west-2", CheckLastUse, CheckOK, "not used in this Region yet", "primary was used")
	if len(p.requests("GetKeyLastUsage")) != 2 {
		t.Errorf("GetKeyLastUsage calls: %d, want one per Region", len(p.requests("GetKeyLastUsage")))
	}

	// Never used, three days after setup: a warning in every Region.
	primaryUsed = false
	rep = verifyVia(t, p, VerifyOptions{Key: arn, SetupAt: old})
	for _, r := range []string{"us-east-1", "us-west-2"} {
		wantCheck(t, rep, r, CheckLastUse, CheckWarn, "never used", "3 days ago", "zcmk-tui checklist")
	}
	if rep.Failed() || !rep.OK {
		t.Errorf("never used is a warning, not a failure: %v", notOK(rep))
	}

	// Never used, two hours after setup: normal.
	rep = verifyVia(t, p, VerifyOptions{Key: arn, SetupAt: time.Now().Add(-2 * time.Hour)})
	for _, r := range []string{"us-east-1", "us-west-2"} {
		wantCheck(t, rep, r, CheckLastUse, CheckOK, "not used yet")
	}
	// No session: the key's creation date (just now, on the emulator) stands in.
	rep = verifyVia(t, p, VerifyOptions{Key: arn})
	wantCheck(t, rep, "us-east-1", CheckLastUse, CheckOK, "not used yet")
}

func TestVerifyLastUseUnsupportedOrDenied(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	for _, tc := range []struct {
		name         string
		status       int
		ct, body     string
		wantStatus   string
		unknown      bool
		incomplete   bool
		wantDetail   string
		wantAttempts int // per Region
	}{
		{"emulator error page", 500, "text/html; charset=utf-8", "<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>", CheckUnknown, true, false, "the endpoint does not support GetKeyLastUsage", 1},
		{"not yet implemented", 501, amzJSON, `{"__type":"InternalFailure","message":"API action 'GetKeyLastUsage' for service 'kms' not yet implemented"}`, CheckUnknown, true, false, "does not support", 1},
		{"unknown operation", 400, amzJSON, `{"__type":"UnknownOperationException"}`, CheckUnknown, true, false, "does not support", 1},
		{"plain 404", 404, "text/plain", "404 page not found", CheckUnknown, true, false, "does not support", 1},
		{"access denied", 400, amzJSON, `{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: kms:GetKeyLastUsage on resource: x because no identity-based policy allows the kms:GetKeyLastUsage action"}`, CheckWarn, false, false, "kms:GetKeyLastUsage", 1},
		// A real KMS internal error is not "unsupported": retried by the SDK
		// (MaxAttempts 2 in these tests), then reported as not checked.
		{"KMS internal error", 500, amzJSON, `{"__type":"KMSInternalException","message":"internal error"}`, CheckFail, false, true, "could not check", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
				if r.op != "GetKeyLastUsage" {
					return 0, "", "", false
				}
				return tc.status, tc.ct, tc.body, true
			})
			rep := verifyVia(t, p, VerifyOptions{Key: arn})
			for _, r := range []string{"us-east-1", "us-west-2"} {
				c := wantCheck(t, rep, r, CheckLastUse, tc.wantStatus, tc.wantDetail)
				if c.Unknown != tc.unknown {
					t.Errorf("%s: unknown=%v, want %v", r, c.Unknown, tc.unknown)
				}
			}
			if rep.Incomplete() != tc.incomplete {
				t.Errorf("incomplete=%v, want %v\n%s", rep.Incomplete(), tc.incomplete, dump(rep))
			}
			if rep.Failed() {
				t.Errorf("a last-use problem counted as a failing check: %v", notOK(rep))
			}
			if n := len(p.requests("GetKeyLastUsage")); n != 2*tc.wantAttempts {
				t.Errorf("GetKeyLastUsage sent %d times, want %d", n, 2*tc.wantAttempts)
			}
		})
	}
}

func TestVerifyCloudTrailCountsZoomEvents(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	replicaARN := strings.Replace(arn, ":us-east-1:", ":us-west-2:", 1)
	now := time.Now().Truncate(time.Second)
	newest := now.Add(-2 * time.Hour)
	var replicaHasZoom bool
	p := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op != "LookupEvents" {
			return 0, "", "", false
		}
		if r.service != "cloudtrail" {
			return awsError(400, "UnknownOperationException", "wrong service "+r.service)
		}
		attrs, _ := r.body["LookupAttributes"].([]any)
		var res string
		if len(attrs) == 1 {
			a := attrs[0].(map[string]any)
			if a["AttributeKey"] == "ResourceName" {
				res, _ = a["AttributeValue"].(string)
			}
		}
		switch {
		case r.region == "us-east-1" && res == arn && r.body["NextToken"] == nil:
			return jsonAnswer(map[string]any{"NextToken": "page-2", "Events": []any{
				trailEvent("e1", "GenerateDataKey", "kms.amazonaws.com", zoom.ZoomAccountID, arn, newest),
				trailEvent("e2", "DescribeKey", "kms.amazonaws.com", moto.AccountID, arn, now.Add(-3*time.Hour)),
				trailEvent("e3", "Decrypt", "kms.amazonaws.com", zoom.ZoomAccountID, arn, now.Add(-4*time.Hour)),
			}})
		case r.region == "us-east-1" && res == arn && r.body["NextToken"] == "page-2":
			return jsonAnswer(map[string]any{"Events": []any{
				trailEvent("e4", "Decrypt", "kms.amazonaws.com", zoom.ZoomAccountID, arn, now.Add(-30*time.Hour)),
			}})
		case r.region == "us-west-2" && res == replicaARN:
			var evs []any
			if replicaHasZoom {
				evs = append(evs, trailEvent("r1", "Decrypt", "kms.amazonaws.com", zoom.ZoomAccountID, replicaARN, now.Add(-time.Hour)))
			}
			return jsonAnswer(map[string]any{"Events": evs})
		}
		return awsError(400, "InvalidLookupAttributesException", "unexpected lookup "+res+" in "+r.region)
	})
	old := now.Add(-3 * 24 * time.Hour)
	rep := verifyVia(t, p, VerifyOptions{Key: arn, SetupAt: old, CloudTrail: true, Since: 2 * 24 * time.Hour})
	c := wantCheck(t, rep, "us-east-1", CheckCloudTrail, CheckOK, "3 KMS call(s) by Zoom (409910850980)", "last 2d",
		"newest "+newest.UTC().Format("2006-01-02 15:04")+" UTC GenerateDataKey", DeniedCallsNote)
	_ = c
	// Nothing from Zoom in the replica Region while the primary is in use: fine, and still says it.
	wantCheck(t, rep, "us-west-2", CheckCloudTrail, CheckOK, "no KMS call by Zoom", DeniedCallsNote)
	if len(rep.Notes) == 0 || rep.Notes[0] != DeniedCallsNote || rep.Since != "2d" || !rep.CloudTrail {
		t.Errorf("report notes %v since %q", rep.Notes, rep.Since)
	}
	lookups := p.requests("LookupEvents")
	if len(lookups) != 3 {
		t.Fatalf("LookupEvents calls %d, want 2 pages in us-east-1 and 1 in us-west-2", len(lookups))
	}
	for _, l := range lookups {
		st, _ := l.body["StartTime"].(float64)
		if want := epoch(now.Add(-48 * time.Hour)); st < want-60 || st > want+60 {
			t.Errorf("%s: StartTime %v, want about %v (now - 2d)", l.region, st, want)
		}
	}

	// Nothing from Zoom anywhere, three days after setup: a warning that still
	// says denied calls are not visible here.
	p2 := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op == "LookupEvents" {
			return jsonAnswer(map[string]any{"Events": []any{}})
		}
		return 0, "", "", false
	})
	rep = verifyVia(t, p2, VerifyOptions{Key: arn, SetupAt: old, CloudTrail: true})
	for _, r := range []string{"us-east-1", "us-west-2"} {
		wantCheck(t, rep, r, CheckCloudTrail, CheckWarn, "no KMS call by Zoom", "last 7d", DeniedCallsNote, "Zoom portal")
	}

	// An endpoint without LookupEvents: unknown, with the same note.
	p3 := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op == "LookupEvents" {
			return 500, "text/html", "<html>Internal Server Error</html>", true
		}
		return 0, "", "", false
	})
	rep = verifyVia(t, p3, VerifyOptions{Key: arn, CloudTrail: true})
	c = wantCheck(t, rep, "us-west-2", CheckCloudTrail, CheckUnknown, "does not support", DeniedCallsNote)
	if !c.Unknown || !rep.OK {
		t.Errorf("unsupported LookupEvents: %+v ok=%v", c, rep.OK)
	}
}

// Real KMS keeps aliases per Region; the emulator shares a replica's alias
// table with its primary, so a replica Region without the alias is made here
// by answering that one DescribeKey as KMS does for a missing alias.
func TestVerifyAliasMissingOnlyInReplica(t *testing.T) {
	arn, keyID := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	p := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op == "DescribeKey" && r.region == "ap-northeast-3" && r.body["KeyId"] == zoom.DefaultAlias {
			return awsError(400, "NotFoundException", "Alias arn:aws:kms:ap-northeast-3:"+moto.AccountID+":alias/zoom-cmk is not found.")
		}
		return 0, "", "", false
	})
	rep := verifyVia(t, p, VerifyOptions{Key: arn})
	wantCheck(t, rep, "ap-northeast-3", CheckAlias, CheckFail, "does not exist in ap-northeast-3",
		"aws kms create-alias --alias-name alias/zoom-cmk --target-key-id "+keyID+" --region ap-northeast-3")
	wantCheck(t, rep, "ap-northeast-1", CheckAlias, CheckOK)
	if got := notOK(rep); len(got) != 1 || got[0] != "ap-northeast-3/alias=fail" {
		t.Errorf("not ok: %v", got)
	}
}

// Regions are checked at the same time, and so are a Region's calls: with
// every request held 150ms by the proxy, requests of the two Regions overlap.
func TestVerifyRegionsConcurrently(t *testing.T) {
	arn, _ := setUpSet(t, "ap-northeast-1", "ap-northeast-3")
	const delay = 150 * time.Millisecond
	p := newProxy(t, delay, nil)
	start := time.Now()
	rep := verifyVia(t, p, VerifyOptions{Key: arn})
	elapsed := time.Since(start)
	if !rep.OK {
		t.Fatalf("healthy set: %v", notOK(rep))
	}
	by := map[string][]proxied{}
	for _, r := range p.requests("") {
		if r.service == "kms" {
			by[r.region] = append(by[r.region], r)
		}
	}
	a, b := by["ap-northeast-1"], by["ap-northeast-3"]
	if len(a) < 3 || len(b) < 3 {
		t.Fatalf("requests per Region: %d, %d", len(a), len(b))
	}
	overlap := func(x, y proxied) bool { return x.start.Before(y.end) && y.start.Before(x.end) }
	across := false
	for _, x := range a {
		for _, y := range b {
			across = across || overlap(x, y)
		}
	}
	if !across {
		t.Error("no request of ap-northeast-1 overlapped one of ap-northeast-3: the Regions ran one after the other")
	}
	within := false
	for i := range b {
		for j := i + 1; j < len(b); j++ {
			within = within || overlap(b[i], b[j])
		}
	}
	if !within {
		t.Error("the replica Region's calls ran one after the other")
	}
	// Two round trips (identity + key, then every Region at once), not one per call.
	total := len(p.requests(""))
	if limit := time.Duration(total) * delay / 2; elapsed > limit {
		t.Errorf("verify took %v for %d requests of %v each: not concurrent enough (limit %v)", elapsed, total, delay, limit)
	}
}

// A read verify cannot do (no kms:GetKeyPolicy) is "could not check", not a
// failing check, and the fix names the permission.
func TestVerifyPolicyAccessDenied(t *testing.T) {
	arn, _ := setUpSet(t, "us-east-1", "us-west-2")
	p := newProxy(t, 0, func(r proxied) (int, string, string, bool) {
		if r.op == "GetKeyPolicy" && r.region == "us-west-2" {
			return awsError(400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: kms:GetKeyPolicy on resource: x")
		}
		return 0, "", "", false
	})
	rep := verifyVia(t, p, VerifyOptions{Key: arn})
	c := wantCheck(t, rep, "us-west-2", CheckZoomGrant, CheckFail, "could not check", "kms:GetKeyPolicy", "read-only")
	if c.Error == "" || rep.Failed() || !rep.Incomplete() || rep.OK {
		t.Errorf("error=%q failed=%v incomplete=%v ok=%v", c.Error, rep.Failed(), rep.Incomplete(), rep.OK)
	}
	wantCheck(t, rep, "us-east-1", CheckZoomGrant, CheckOK)
}
