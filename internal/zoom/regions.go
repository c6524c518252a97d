package zoom

import (
	"regexp"
	"sort"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Region is one entry of the catalogue of Regions where KMS multi-Region
// keys are available, in every partition: the commercial one (aws),
// AWS GovCloud (US) (aws-us-gov) and China (aws-cn). A multi-Region key
// replicates only within its partition.
type Region struct {
	Code      string // "ap-northeast-1"
	City      string // "Tokyo": the English name, from the catalogue (RegionName for another language)
	Partner   string // suggested replica Region, in the same partition, e.g. "ap-northeast-3"; "" if none
	Partition string // "aws", "aws-us-gov" or "aws-cn"
}

// regions is the catalogue; the names are in the catalogues of
// internal/i18n ("region.<code>"). Partners stay in the same country where AWS has
// two Regions there (data residency), otherwise the nearest large Region.
var regions = withNames([]Region{
	{Code: "af-south-1", Partner: "eu-west-1"},
	{Code: "ap-east-1", Partner: "ap-southeast-1"},
	{Code: "ap-east-2", Partner: "ap-northeast-1"},
	{Code: "ap-northeast-1", Partner: "ap-northeast-3"},
	{Code: "ap-northeast-2", Partner: "ap-northeast-1"},
	{Code: "ap-northeast-3", Partner: "ap-northeast-1"},
	{Code: "ap-south-1", Partner: "ap-south-2"},
	{Code: "ap-south-2", Partner: "ap-south-1"},
	{Code: "ap-southeast-1", Partner: "ap-southeast-2"},
	{Code: "ap-southeast-2", Partner: "ap-southeast-4"},
	{Code: "ap-southeast-3", Partner: "ap-southeast-1"},
	{Code: "ap-southeast-4", Partner: "ap-southeast-2"},
	{Code: "ap-southeast-5", Partner: "ap-southeast-1"},
	{Code: "ap-southeast-6", Partner: "ap-southeast-2"},
	{Code: "ap-southeast-7", Partner: "ap-southeast-1"},
	{Code: "ca-central-1", Partner: "ca-west-1"},
	{Code: "ca-west-1", Partner: "ca-central-1"},
	{Code: "eu-central-1", Partner: "eu-west-1"},
	{Code: "eu-central-2", Partner: "eu-central-1"},
	{Code: "eu-north-1", Partner: "eu-central-1"},
	{Code: "eu-south-1", Partner: "eu-central-1"},
	{Code: "eu-south-2", Partner: "eu-west-3"},
	{Code: "eu-west-1", Partner: "eu-central-1"},
	{Code: "eu-west-2", Partner: "eu-west-1"},
	{Code: "eu-west-3", Partner: "eu-central-1"},
	{Code: "il-central-1", Partner: "eu-central-1"},
	{Code: "me-central-1", Partner: "me-south-1"},
	{Code: "me-south-1", Partner: "me-central-1"},
	{Code: "mx-central-1", Partner: "us-east-1"},
	{Code: "sa-east-1", Partner: "us-east-1"},
	{Code: "us-east-1", Partner: "us-west-2"},
	{Code: "us-east-2", Partner: "us-east-1"},
	{Code: "us-west-1", Partner: "us-west-2"},
	{Code: "us-west-2", Partner: "us-east-1"},
	// AWS GovCloud (US) and China: their own partitions, with their own
	// credentials; Zoom for Government and other Zoom clouds give their own
	// Zoom account ID there.
	{Code: "us-gov-east-1", Partner: "us-gov-west-1", Partition: "aws-us-gov"},
	{Code: "us-gov-west-1", Partner: "us-gov-east-1", Partition: "aws-us-gov"},
	{Code: "cn-north-1", Partner: "cn-northwest-1", Partition: "aws-cn"},
	{Code: "cn-northwest-1", Partner: "cn-north-1", Partition: "aws-cn"},
})

// partitionRegex are the AWS SDK's rules (its partitions metadata,
// regionRegex) for the partition of a Region code; the catalogue's entries
// agree with them (regions_partition_test.go).
var partitionRegex = []struct {
	partition string
	re        func() *regexp.Regexp
}{
	{"aws-us-gov", lazyRE(`^us\-gov\-\w+\-\d+$`)},
	{"aws-cn", lazyRE(`^cn\-\w+\-\d+$`)},
	{"aws", lazyRE(`^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`)},
}

// PartitionOfCode is the partition the SDK's rules give a Region code, or ""
// when none matches.
func PartitionOfCode(code string) string {
	for _, p := range partitionRegex {
		if p.re().MatchString(code) {
			return p.partition
		}
	}
	return ""
}

// RegionPartition is the partition of a Region of the catalogue, or "" for
// a code not in it.
func RegionPartition(code string) string {
	if r, ok := LookupRegion(code); ok {
		return r.Partition
	}
	return ""
}

// RegionsIn returns the catalogue's Regions of one partition, sorted by
// code; every Region for "".
func RegionsIn(partition string) []Region {
	var out []Region
	for _, r := range Regions() {
		if partition == "" || r.Partition == partition {
			out = append(out, r)
		}
	}
	return out
}

// SamePartition refuses a replica Region in another partition than the
// primary's: a multi-Region key replicates only within its partition.
func SamePartition(primary, replica string) error {
	pp, rp := RegionPartition(primary), RegionPartition(replica)
	if pp == "" || rp == "" || pp == rp {
		return nil
	}
	return errMsg("zoom.err.region.partition", replica, rp, primary, pp)
}

// optIn lists the Regions an AWS account must enable before use.
var optIn = map[string]bool{
	"af-south-1": true, "ap-east-1": true, "ap-east-2": true, "ap-south-2": true,
	"ap-southeast-3": true, "ap-southeast-4": true, "ap-southeast-5": true, "ap-southeast-6": true,
	"ap-southeast-7": true, "ca-west-1": true, "eu-central-2": true, "eu-south-1": true,
	"eu-south-2": true, "il-central-1": true, "me-central-1": true, "me-south-1": true,
	"mx-central-1": true,
}

// Regions returns the catalogue, sorted by code.
func Regions() []Region {
	out := append([]Region(nil), regions...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// RegionCodes returns the codes of the catalogue, sorted.
func RegionCodes() []string {
	var out []string
	for _, r := range Regions() {
		out = append(out, r.Code)
	}
	return out
}

// LookupRegion finds a Region by code.
func LookupRegion(code string) (Region, bool) {
	for _, r := range regions {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// RegionOptIn reports whether a Region must be enabled in the AWS account
// before it can be used (Regions launched after March 2019).
func RegionOptIn(code string) bool { return optIn[code] }

// withNames fills in each Region's English City from the catalogue, and
// the partition aws where the entry names none.
func withNames(rs []Region) []Region {
	for i := range rs {
		rs[i].City = english.T(regionID(rs[i].Code))
		if rs[i].Partition == "" {
			rs[i].Partition = "aws"
		}
	}
	return rs
}

// regionID is the message id of a Region's name.
func regionID(code string) string { return "region." + code }

// RegionName is the Region's name in p's language: the city in English
// ("Tokyo"), the AWS console's name in Japanese ("アジアパシフィック (東京)").
// A code not in the catalogue has no name: "".
func RegionName(p *i18n.Printer, code string) string {
	if _, ok := LookupRegion(code); !ok {
		return ""
	}
	return p.T(regionID(code))
}

// RegionLabelIn renders a Region for people in p's language:
// "ap-northeast-1 (Tokyo)", "アジアパシフィック (東京) ap-northeast-1", or
// the code alone when it is not in the catalogue.
func RegionLabelIn(p *i18n.Printer, code string) string {
	if _, ok := LookupRegion(code); !ok {
		return code
	}
	return p.T("region.label", code, p.T(regionID(code)))
}

// regionLabelArg is RegionLabelIn as a message argument, said in the
// language of the printer that renders the message.
func regionLabelArg(code string) any {
	if _, ok := LookupRegion(code); !ok {
		return code
	}
	return msg("region.label", code, msg(regionID(code)))
}

// RegionLabel renders "ap-northeast-1 (Tokyo)", or the code alone when it
// is not in the catalogue: RegionLabelIn in English.
func RegionLabel(code string) string { return RegionLabelIn(english, code) }

// ValidateRegion returns nil or an error naming the bad value and listing the known Regions.
// When the value is close to a known code (a typo, upper case, a missing
// dash, or a city name) the error suggests it.
func ValidateRegion(code string) error {
	if _, ok := LookupRegion(code); ok {
		return nil
	}
	known := strings.Join(RegionCodes(), ", ")
	if strings.TrimSpace(code) == "" {
		return errMsg("zoom.err.region.empty", known)
	}
	if s := SuggestRegion(code); s != "" {
		return errMsg("zoom.err.region.suggest", shown(code), s, msg("region."+s), known)
	}
	return errMsg("zoom.err.region.unknown", shown(code), known)
}

func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SuggestRegion returns the known Region code closest to s, or "" when none
// is close. It recognises case and punctuation slips ("AP_NORTHEAST_1",
// "ap-northeast1"), small typos ("us-esat-1") and city names ("Tokyo").
func SuggestRegion(s string) string {
	q := squash(s)
	if q == "" {
		return ""
	}
	for _, r := range Regions() {
		if squash(r.Code) == q || squash(r.City) == q {
			return r.Code
		}
	}
	best, bestD := "", 3
	for _, r := range Regions() {
		if d := editDistance(q, squash(r.Code)); d < bestD {
			best, bestD = r.Code, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
