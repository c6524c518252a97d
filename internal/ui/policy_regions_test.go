package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// replicaWithoutZoom is a replica's policy after someone removed Zoom's
// statement by hand: the account's own statement and one more of theirs.
const replicaWithoutZoom = `{"Version":"2012-10-17","Id":"zcmk-tui-key-policy","Statement":[
{"Sid":"EnableAccountAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
{"Sid":"AuditorsMayDescribe","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/auditor"},"Action":"kms:DescribeKey","Resource":"*"}]}`

// TestFlowReplicaPolicyDriftShownPerRegion: a key set whose replica lost
// Zoom's statement. Before the confirmation the plan shows that Region's
// difference in full (scrolling); after the write the policy step shows
// each Region's policy as read back, under a heading that names the Region.
func TestFlowReplicaPolicyDriftShownPerRegion(t *testing.T) {
	f, _ := startFlow(t, 80, 24, nil)
	eng, err := setup.New(context.Background(), setup.Config{EndpointURL: f.url})
	if err != nil {
		t.Fatal(err)
	}
	eng.PollInterval = 50 * time.Millisecond
	p, err := eng.Plan(context.Background(), setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2"}, Rotation: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := awstest.Client(t, f.url, "us-west-2").PutKeyPolicy(context.Background(), &kms.PutKeyPolicyInput{
		KeyId: sdkaws.String(res.Keys[1].KeyID), PolicyName: sdkaws.String("default"), Policy: sdkaws.String(replicaWithoutZoom)}); err != nil {
		t.Fatal(err)
	}

	f.walkToPlan("Apply this 1 change")
	for range 40 {
		f.key("down")
	}
	// The replica's difference, before the confirmation: Zoom's statement
	// added, the auditors' statement kept.
	f.wait("Replica · us-west-2 (Oregon) · policy changes (+ added, - removed)", `+       "Sid": "AllowZoomCMK",`,
		`"Sid": "AuditorsMayDescribe",`)
	f.enter(1)
	f.wait("Done: 1 change made.")
	f.enter(1)
	f.skipAlerts()
	f.wait("Step 5 of 7: Policy", "Changes to the policy of the replica key in us-west-2 (Oregon) (1 of 1)")
	f.key("d")
	f.wait("Key policy of the primary key in us-east-1 (N. Virginia) (1 of 2)")
	for range 40 {
		f.key("down")
	}
	f.wait("Key policy of the replica key in us-west-2 (Oregon) (2 of 2)")
	f.tm.Send(tea.KeyMsg{Type: tea.KeyUp})
	view := f.final()
	checkFits(t, view, 80, 24)
	if strings.Contains(view, "the same in every Region") {
		t.Errorf("the policy step still claims one policy for every Region:\n%s", view)
	}

	// What the step showed for the replica is what KMS holds now.
	got, err := awstest.Client(t, f.url, "us-west-2").GetKeyPolicy(context.Background(), &kms.GetKeyPolicyInput{
		KeyId: sdkaws.String(res.Keys[1].KeyID), PolicyName: sdkaws.String("default")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sdkaws.ToString(got.Policy), zoom.ZoomSid) || !strings.Contains(sdkaws.ToString(got.Policy), "AuditorsMayDescribe") {
		t.Errorf("the replica's policy after the wizard: %s", sdkaws.ToString(got.Policy))
	}
}

// TestPolicyStepSectionsPerRegionFromTheReadBack: the policy step shows the
// read-back document of each Region (not the primary's for all), titled
// with its Region.
func TestPolicyStepSectionsPerRegionFromTheReadBack(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	h.enter(4 + 3 + 4)
	p := h.m.f.Plan
	res := p.Result()
	prim := zoom.BuildPolicy("aws", "111122223333", zoom.ZoomAccountID)
	rep := strings.Replace(prim, `"Id"`, `"Comment": "replica as read back", "Id"`, 1)
	for i := range res.Keys {
		res.Keys[i].ARN = "arn:aws:kms:" + res.Keys[i].Region + ":111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
		res.Keys[i].ZoomGrant, res.Keys[i].KeyState, res.Keys[i].Policy = true, "Enabled", "applied"
	}
	res.Keys[0].ReadPolicy, res.Keys[1].ReadPolicy = prim, rep
	h.keyStep().finishApply(res, nil)
	h.m.step = flow.StepPolicy
	h.pol().enter()
	if !strings.Contains(h.pol().policy, "Replica · ap-northeast-3 (Osaka) · as read back") ||
		!strings.Contains(h.pol().policy, "replica as read back") ||
		!strings.Contains(h.pol().policy, "Primary · ap-northeast-1 (Tokyo) · as read back") {
		t.Errorf("policy step content:\n%s", h.pol().policy)
	}
	h.wantView("Key policy of the primary key in ap-northeast-1 (Tokyo) (1 of 2)")
}
