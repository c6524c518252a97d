package zoom

import (
	"strings"
	"testing"
)

// One catalogue for every partition: each Region's partition agrees with
// the AWS SDK's rule for its code, its suggested replica is in the same
// partition, and GovCloud and China are in it (they were refused as
// "unknown Region", cn-north-1 with "did you mean eu-north-1").
func TestCatalogueHasEveryPartition(t *testing.T) {
	count := map[string]int{}
	for _, r := range Regions() {
		if got := PartitionOfCode(r.Code); got != r.Partition {
			t.Errorf("%s: catalogue partition %q, the SDK's rule says %q", r.Code, r.Partition, got)
		}
		if r.Partner != "" && RegionPartition(r.Partner) != r.Partition {
			t.Errorf("%s (%s): suggested replica %s is in %q", r.Code, r.Partition, r.Partner, RegionPartition(r.Partner))
		}
		count[r.Partition]++
	}
	if count["aws-us-gov"] != 2 || count["aws-cn"] != 2 || count["aws"] < 30 {
		t.Errorf("Regions per partition: %v", count)
	}
	if n := len(RegionsIn("aws-cn")); n != 2 {
		t.Errorf("RegionsIn(aws-cn) = %d Regions", n)
	}
	if n := len(RegionsIn("")); n != len(Regions()) {
		t.Errorf("RegionsIn(\"\") = %d Regions, want all %d", n, len(Regions()))
	}
}

// A replica in another partition than the primary is refused, saying why.
func TestSamePartition(t *testing.T) {
	for _, ok := range [][2]string{{"us-gov-west-1", "us-gov-east-1"}, {"cn-north-1", "cn-northwest-1"}, {"us-east-1", "us-west-2"}} {
		if err := SamePartition(ok[0], ok[1]); err != nil {
			t.Errorf("SamePartition(%s, %s) = %v", ok[0], ok[1], err)
		}
	}
	err := SamePartition("us-gov-west-1", "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "aws-us-gov") || !strings.Contains(err.Error(), "only within its own partition") {
		t.Errorf("GovCloud primary, commercial replica: %v", err)
	}
	if SamePartition("cn-north-1", "us-gov-east-1") == nil {
		t.Error("China primary, GovCloud replica accepted")
	}
}
