package setup

import (
	"errors"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// govCloudIdentity answers GetCallerIdentity as for credentials of partition
// aws-us-gov (the emulator only knows partition aws).
func govCloudIdentity(t *testing.T) *faultproxy.Proxy {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	px := faultproxy.New(t, emu.URL)
	px.Add(faultproxy.CallerIdentity("arn:aws-us-gov:iam::123456789012:user/ops", "123456789012"))
	return px
}

// The engine itself refuses Zoom's commercial account outside partition aws,
// so that every face (the command line, the wizard) does.
func TestPlanRefusesCommercialZoomAccountInOtherPartition(t *testing.T) {
	px := govCloudIdentity(t)
	e := newEngine(t, px.URL)
	_, err := e.Plan(ctx, opts("us-east-1"))
	var pe *PartitionError
	if !errors.As(err, &pe) || pe.Partition != "aws-us-gov" || !strings.Contains(err.Error(), "Zoom for Government") {
		t.Fatalf("Plan with a GovCloud identity and Zoom's default account: %v", err)
	}
	// Given explicitly (the account of another Zoom cloud, or the user says so), it plans.
	o := opts("us-east-1")
	o.ZoomAccountID, o.ZoomAccountGiven = "111122223333", true
	if _, err := e.Plan(ctx, o); err != nil {
		t.Fatalf("Plan with an explicit Zoom account: %v", err)
	}
	o.ZoomAccountID = zoom.ZoomAccountID
	if _, err := e.Plan(ctx, o); err != nil {
		t.Fatalf("Plan with Zoom's account given explicitly: %v", err)
	}
	for _, r := range px.Requests("") {
		if r.Op == "CreateKey" || r.Op == "PutKeyPolicy" {
			t.Errorf("a plan wrote: %s", r.Op)
		}
	}
}
