package setup

import (
	"fmt"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The policy of `zcmk-tui permissions --for export` is enough for every
// read the export makes (the keys' facts and the tamper alerts'): on an
// emulator that enforces IAM, a user holding only it (resources widened to
// "*") refreshes a set made with alerts in two Regions; without
// sns:ListSubscriptionsByTopic the refresh is refused, naming it.
func TestExportPolicyIsEnough(t *testing.T) {
	srv, err := moto.StartEnv(fmt.Sprintf("INITIAL_NO_AUTH_ACTION_COUNT=%d", moto.StartCalls+12))
	if err != nil {
		t.Fatalf("KMS emulator: %v", err)
	}
	t.Cleanup(srv.Stop)
	all, err := OperatorPolicy("aws", moto.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	export, err := OperatorPolicy("aws", moto.AccountID, string(awsx.UseExport))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(export, "kms:CreateKey") || strings.Contains(export, "sns:Subscribe\"") {
		t.Fatalf("the export's policy allows writes:\n%s", export)
	}
	id, secret := iamUser(t, srv, "operator", widen(t, all))
	xid, xsecret := iamUser(t, srv, "exporter", widen(t, export))
	sid, ssecret := iamUser(t, srv, "short", widen(t, export, "sns:ListSubscriptionsByTopic"))

	t.Setenv("AWS_ACCESS_KEY_ID", id)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	e := newEngine(t, srv.URL)
	p, err := e.Plan(ctx, alertOpts("us-east-1", "us-west-2"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Apply(ctx, p, nil)
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	sess := &state.Session{}
	res.Record(sess, "", time.Now())
	if sess.Alerts == nil || len(sess.Alerts.Regions) != 2 {
		t.Fatalf("alerts %+v", sess.Alerts)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", xid)
	t.Setenv("AWS_SECRET_ACCESS_KEY", xsecret)
	x := newEngine(t, srv.URL)
	facts, err := x.ExportFacts(ctx, sess.Keys, zoom.DefaultAlias)
	if err != nil || len(facts) != 2 {
		t.Fatalf("export's key facts as the exporter: %v (%d)", err, len(facts))
	}
	alerts, err := x.ExportAlerts(ctx, sess.Alerts, zoom.DefaultAlias)
	if err != nil || len(alerts) != 2 {
		t.Fatalf("export's alerts as the exporter: %v (%+v)", err, alerts)
	}
	for _, a := range alerts {
		if len(a.Rules) != 1 || len(a.Rules[0].Targets) != 1 || a.Topic.Policy == "" || len(a.Subscriptions) != len(alertAddrs) {
			t.Errorf("%s: %+v", a.Region, a)
		}
	}

	t.Setenv("AWS_ACCESS_KEY_ID", sid)
	t.Setenv("AWS_SECRET_ACCESS_KEY", ssecret)
	_, err = newEngine(t, srv.URL).ExportAlerts(ctx, sess.Alerts, zoom.DefaultAlias)
	if awsx.KindOf(err) != awsx.KindAccessDenied || !strings.Contains(err.Error(), "sns:ListSubscriptionsByTopic") {
		t.Fatalf("without sns:ListSubscriptionsByTopic: %v, want access denied naming it (is IAM enforced?)", err)
	}
}
