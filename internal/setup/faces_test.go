package setup

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// TestPlansOffline: a dry run plans offline when there are no usable
// credentials (none, expired, or a profile that gives none), and says any
// other failure. The wizard accepted a broken profile and the command line
// did not; both ask this now.
func TestPlansOffline(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&Error{Kind: KindNoCredentials}, true},
		{&Error{Kind: KindExpired}, true},
		{&Error{Kind: KindProfile}, true},
		{&Error{Kind: KindAccessDenied}, false},
		{&Error{Kind: KindUnreachable}, false},
		{errors.New("something else"), false},
		{nil, false},
	} {
		if got := PlansOffline(tc.err); got != tc.want {
			t.Errorf("PlansOffline(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestInFlightCutShort: the key-creating calls whose outcome a stop leaves
// unknown: still running when Apply returned, or ended by the stop
// (cancelled, timed out, or ambiguous), never one that ended otherwise.
func TestInFlightCutShort(t *testing.T) {
	ev := func(region, action string, st Status, err error) Event {
		return Event{Region: region, Action: action, Status: st, Err: err}
	}
	var f InFlight
	for _, e := range []Event{
		ev("us-east-1", ActCreateKey, StatusStarted, nil),
		ev("us-east-1", ActCreateKey, StatusFailed, &Error{Kind: KindAmbiguous, Err: context.DeadlineExceeded}),
		ev("us-west-2", ActReplicate, StatusStarted, nil), // still running
		ev("eu-west-1", ActReplicate, StatusStarted, nil),
		ev("eu-west-1", ActReplicate, StatusDone, nil),
		ev("ap-south-1", ActReplicate, StatusStarted, nil),
		ev("ap-south-1", ActReplicate, StatusFailed, &Error{Kind: KindAccessDenied}),
		ev("ap-northeast-3", ActReplicate, StatusStarted, nil),
		ev("ap-northeast-3", ActReplicate, StatusFailed, context.Canceled),
		ev("us-east-1", ActCreateAlias, StatusStarted, nil), // idempotent: never counted
	} {
		f.Track(e)
	}
	got := f.CutShort()
	want := []CutCall{{ActCreateKey, "CreateKey", "us-east-1"}, {ActReplicate, "ReplicateKey", "ap-northeast-3"}, {ActReplicate, "ReplicateKey", "us-west-2"}}
	if !slices.Equal(got, want) {
		t.Errorf("CutShort = %+v\nwant %+v", got, want)
	}
}

// TestOfflinePlanActsAsTheOnlinePlan: a new key planned offline (a dry run
// without credentials) lists the same actions, with the same words, as the
// plan made with credentials.
func TestOfflinePlanActsAsTheOnlinePlan(t *testing.T) {
	e := fresh(t)
	for _, rotation := range []bool{true, false} {
		o := opts("ap-northeast-1", "ap-northeast-3")
		o.Rotation = rotation
		online := mustPlan(t, e, o)
		o.AccountID = online.AccountID
		if err := Validate(&o); err != nil {
			t.Fatal(err)
		}
		offline := OfflinePlan(o)
		if len(online.Regions) != len(offline.Regions) {
			t.Fatalf("Regions: %d online, %d offline", len(online.Regions), len(offline.Regions))
		}
		for i := range online.Regions {
			a, b := online.Regions[i].Actions, offline.Regions[i].Actions
			if !slices.EqualFunc(a, b, func(x, y Action) bool { return x.Kind == y.Kind && x.Write == y.Write && text(x.Text) == text(y.Text) }) {
				t.Errorf("rotation %v, %s: online %+v\noffline %+v", rotation, online.Regions[i].Region, a, b)
			}
		}
	}
}

// TestRecordRun: both faces record a run alike: the result (Record), who
// ran it where ("" keeps what the session knows), each Region's policy as
// read back; a call's line once it ended, with its error.
func TestRecordRun(t *testing.T) {
	s := &state.Session{CallerARN: "arn:aws:iam::111122223333:user/before", ToolVersion: "0.9"}
	res := &Result{AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk", Keys: []KeyResult{
		{Region: "us-east-1", Role: RolePrimary, KeyID: "mrk-1", ARN: "arn:aws:kms:us-east-1:111122223333:key/mrk-1", ReadPolicy: `{"p":1}`},
		{Region: "us-west-2", Role: RoleReplica, KeyID: "mrk-1", ARN: "arn:aws:kms:us-west-2:111122223333:key/mrk-1"},
	}}
	at := time.Date(2026, 11, 28, 12, 0, 0, 500, time.UTC)
	if !res.NamesKey() || (&Result{}).NamesKey() || (*Result)(nil).NamesKey() {
		t.Error("NamesKey")
	}
	res.RecordRun(s, Run{Profile: "prod", Endpoint: "http://127.0.0.1:5000", At: at})
	if s.CallerARN != "arn:aws:iam::111122223333:user/before" || s.ToolVersion != "0.9" || s.Profile != "prod" ||
		s.Endpoint != "http://127.0.0.1:5000" || s.ReadBack["us-east-1"] != `{"p":1}` || len(s.ReadBack) != 1 ||
		s.PrimaryRegion != "us-east-1" || !slices.Equal(s.Replicas, []string{"us-west-2"}) || !s.SetupAt.Equal(at.Truncate(time.Second)) {
		t.Errorf("recorded %+v", s)
	}
	res.RecordRun(s, Run{CallerARN: "arn:aws:iam::111122223333:user/admin", ToolVersion: "1.0", At: at})
	if s.CallerARN != "arn:aws:iam::111122223333:user/admin" || s.ToolVersion != "1.0" || s.Endpoint != "" {
		t.Errorf("recorded again %+v", s)
	}

	if _, ok := CallRecord(Event{Status: StatusStarted}, at); ok {
		t.Error("a call that only started is recorded")
	}
	a, ok := CallRecord(Event{Region: "us-east-1", Action: ActCreateKey, Status: StatusFailed, Text: literal("d"), Err: errors.New("denied")}, at)
	if !ok || a.Detail != "denied" || a.Status != "failed" || !a.At.Equal(at.Truncate(time.Second)) {
		t.Errorf("CallRecord = %+v, %v", a, ok)
	}
}
