package setup

import (
	"slices"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// DescribeExistingKey reads a key the user named, by ARN, alias or ID, with
// the Regions of its replicas; a replica given instead of the primary, a
// single-Region key and a key that is not there are refused with a reason.
func TestDescribeExistingKey(t *testing.T) {
	e := fresh(t)
	res := mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	primary, replica := res.Keys[0], res.Keys[1]

	for _, ref := range []string{primary.ARN, zoom.DefaultAlias, primary.KeyID} {
		k, err := e.DescribeExistingKey(ctx, "us-east-1", ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if k.ARN != primary.ARN || k.Region != "us-east-1" || !slices.Equal(k.Replicas, []string{"us-west-2"}) {
			t.Errorf("%s: read %+v, want %s with a replica in us-west-2", ref, k, primary.ARN)
		}
	}

	single := awstest.CreateSingleRegionKey(t, emu.URL, "us-east-1")
	for _, c := range []struct{ region, ref, want string }{
		{"us-west-2", replica.ARN, "is a replica; its primary is in us-east-1"},
		{"us-east-1", single, "single-Region"},
		{"us-east-1", "alias/not-there", "alias/not-there was not found in us-east-1"},
		{"eu-west-1", primary.KeyID, "was not found in eu-west-1"},
	} {
		k, err := e.DescribeExistingKey(ctx, c.region, c.ref)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s in %s: %+v, %v; want an error saying %q", c.ref, c.region, k, err, c.want)
		}
	}
	if n := e.WriteCalls(); n != res.WriteCalls {
		t.Errorf("DescribeExistingKey wrote to AWS: %d write calls, %d from the setup", n, res.WriteCalls)
	}
}

// DescribeAlias reads the key set an alias names, with its replicas, and
// nothing (no error) for an alias that names no key; it writes nothing.
func TestDescribeAlias(t *testing.T) {
	e := fresh(t)
	res := mustApply(t, e, mustPlan(t, e, opts("us-east-1", "us-west-2")))
	k, err := e.DescribeAlias(ctx, "us-east-1", zoom.DefaultAlias)
	if err != nil || k == nil || k.ARN != res.Keys[0].ARN || !slices.Equal(k.Replicas, []string{"us-west-2"}) {
		t.Errorf("DescribeAlias(%s) = %+v, %v; want %s with a replica in us-west-2", zoom.DefaultAlias, k, err, res.Keys[0].ARN)
	}
	for _, c := range [][2]string{{"us-east-1", "alias/not-there"}, {"eu-west-1", zoom.DefaultAlias}} {
		if k, err := e.DescribeAlias(ctx, c[0], c[1]); k != nil || err != nil {
			t.Errorf("DescribeAlias(%s in %s) = %+v, %v; want nothing", c[1], c[0], k, err)
		}
	}
	if n := e.WriteCalls(); n != res.WriteCalls {
		t.Errorf("DescribeAlias wrote to AWS: %d write calls, %d from the setup", n, res.WriteCalls)
	}
}
