package zoom

import (
	"fmt"
	"sort"
	"strings"
)

// Region is one entry of the catalogue of commercial Regions where KMS
// multi-Region keys are available.
type Region struct {
	Code    string // "ap-northeast-1"
	City    string // "Tokyo"
	Partner string // suggested replica Region, e.g. "ap-northeast-3"; "" if none
}

// regions is the catalogue. Partners stay in the same country where AWS has
// two Regions there (data residency), otherwise the nearest large Region.
var regions = []Region{
	{"af-south-1", "Cape Town", "eu-west-1"},
	{"ap-east-1", "Hong Kong", "ap-southeast-1"},
	{"ap-east-2", "Taipei", "ap-northeast-1"},
	{"ap-northeast-1", "Tokyo", "ap-northeast-3"},
	{"ap-northeast-2", "Seoul", "ap-northeast-1"},
	{"ap-northeast-3", "Osaka", "ap-northeast-1"},
	{"ap-south-1", "Mumbai", "ap-south-2"},
	{"ap-south-2", "Hyderabad", "ap-south-1"},
	{"ap-southeast-1", "Singapore", "ap-southeast-2"},
	{"ap-southeast-2", "Sydney", "ap-southeast-4"},
	{"ap-southeast-3", "Jakarta", "ap-southeast-1"},
	{"ap-southeast-4", "Melbourne", "ap-southeast-2"},
	{"ap-southeast-5", "Malaysia", "ap-southeast-1"},
	{"ap-southeast-6", "New Zealand", "ap-southeast-2"},
	{"ap-southeast-7", "Thailand", "ap-southeast-1"},
	{"ca-central-1", "Canada (Central)", "ca-west-1"},
	{"ca-west-1", "Calgary", "ca-central-1"},
	{"eu-central-1", "Frankfurt", "eu-west-1"},
	{"eu-central-2", "Zurich", "eu-central-1"},
	{"eu-north-1", "Stockholm", "eu-central-1"},
	{"eu-south-1", "Milan", "eu-central-1"},
	{"eu-south-2", "Spain", "eu-west-3"},
	{"eu-west-1", "Ireland", "eu-central-1"},
	{"eu-west-2", "London", "eu-west-1"},
	{"eu-west-3", "Paris", "eu-central-1"},
	{"il-central-1", "Tel Aviv", "eu-central-1"},
	{"me-central-1", "UAE", "me-south-1"},
	{"me-south-1", "Bahrain", "me-central-1"},
	{"mx-central-1", "Mexico (Central)", "us-east-1"},
	{"sa-east-1", "São Paulo", "us-east-1"},
	{"us-east-1", "N. Virginia", "us-west-2"},
	{"us-east-2", "Ohio", "us-east-1"},
	{"us-west-1", "N. California", "us-west-2"},
	{"us-west-2", "Oregon", "us-east-1"},
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

// RegionLabel renders "ap-northeast-1 (Tokyo)", or the code alone when it
// is not in the catalogue.
func RegionLabel(code string) string {
	if r, ok := LookupRegion(code); ok {
		return r.Code + " (" + r.City + ")"
	}
	return code
}

// ValidateRegion returns nil or an error naming the bad value and listing the known Regions.
// When the value is close to a known code (a typo, upper case, a missing
// dash, or a city name) the error suggests it.
func ValidateRegion(code string) error {
	if _, ok := LookupRegion(code); ok {
		return nil
	}
	known := strings.Join(RegionCodes(), ", ")
	if strings.TrimSpace(code) == "" {
		return fmt.Errorf("no Region given; known Regions: %s", known)
	}
	if s := SuggestRegion(code); s != "" {
		return fmt.Errorf("unknown Region %q: did you mean %q (%s)? Known Regions: %s", shown(code), s, cityOf(s), known)
	}
	return fmt.Errorf("unknown Region %q: not a commercial AWS Region with KMS multi-Region keys; known Regions: %s", shown(code), known)
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

func cityOf(code string) string {
	r, _ := LookupRegion(code)
	return r.City
}
