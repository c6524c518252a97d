package ui

import (
	"slices"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The wizard's Region lists stay in one partition: the primary's list
// offers the caller's partition (GovCloud or China credentials see their
// Regions, commercial ones none of those), the replica list the primary's.
func TestRegionListsStayInThePartition(t *testing.T) {
	h := newHarness(t, &stubEngine{}, nil)
	values := func(exclude, partner string) []string {
		var out []string
		for _, o := range h.m.regionOptions(exclude, partner) {
			out = append(out, o.Value)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		partition, primary, partner string
		primaries, replicas         []string
	}{
		{"aws-us-gov", "us-gov-west-1", "us-gov-east-1", []string{"us-gov-east-1", "us-gov-west-1"}, []string{"us-gov-east-1"}},
		{"aws-cn", "cn-north-1", "cn-northwest-1", []string{"cn-north-1", "cn-northwest-1"}, []string{"cn-northwest-1"}},
	} {
		h.m.f.Checks = flow.Checks{IDDone: true, ID: setup.Identity{AccountID: "123456789012", Partition: tc.partition}}
		if got := values("", ""); !slices.Equal(got, tc.primaries) {
			t.Errorf("%s: primary list %v, want %v", tc.partition, got, tc.primaries)
		}
		if got := values(tc.primary, tc.partner); !slices.Equal(got, tc.replicas) {
			t.Errorf("%s: replica list for %s %v, want %v", tc.partition, tc.primary, got, tc.replicas)
		}
	}
	h.m.f.Checks = flow.Checks{IDDone: true, ID: setup.Identity{AccountID: "123456789012", Partition: "aws"}}
	for _, v := range append(values("", ""), values("us-east-1", "us-west-2")...) {
		if v == "us-gov-west-1" || v == "cn-north-1" {
			t.Errorf("a commercial account is offered %s", v)
		}
	}
	if got := values("", ""); !slices.Contains(got, "ap-northeast-1") {
		t.Errorf("the commercial list lacks Tokyo: %v", got)
	}
}
