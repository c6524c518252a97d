package zoom

import (
	"sort"
	"strings"
	"testing"
)

func TestRegionsCatalogue(t *testing.T) {
	rs := Regions()
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code }) {
		t.Error("Regions not sorted by code")
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.Code] {
			t.Errorf("duplicate %s", r.Code)
		}
		seen[r.Code] = true
		if r.City == "" {
			t.Errorf("%s has no city", r.Code)
		}
		if r.Partner != "" {
			if _, ok := LookupRegion(r.Partner); !ok || r.Partner == r.Code {
				t.Errorf("%s: partner %q is not another known Region", r.Code, r.Partner)
			}
		}
	}
	want := map[string][2]string{
		"us-east-1":      {"N. Virginia", "us-west-2"},
		"us-east-2":      {"Ohio", "us-east-1"},
		"us-west-2":      {"Oregon", "us-east-1"},
		"ap-northeast-1": {"Tokyo", "ap-northeast-3"},
		"ap-northeast-3": {"Osaka", "ap-northeast-1"},
		"eu-central-1":   {"Frankfurt", "eu-west-1"},
		"ap-southeast-2": {"Sydney", "ap-southeast-4"},
		"ap-south-1":     {"Mumbai", "ap-south-2"},
		"ca-central-1":   {"Canada (Central)", "ca-west-1"},
		"sa-east-1":      {"São Paulo", ""},
		"mx-central-1":   {"Mexico (Central)", ""},
	}
	for code, w := range want {
		r, ok := LookupRegion(code)
		if !ok {
			t.Errorf("%s missing", code)
			continue
		}
		if r.City != w[0] || (w[1] != "" && r.Partner != w[1]) {
			t.Errorf("%s = %+v, want city %q partner %q", code, r, w[0], w[1])
		}
	}
	for code, partition := range map[string]string{"us-gov-west-1": "aws-us-gov", "us-gov-east-1": "aws-us-gov", "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn", "us-east-1": "aws"} {
		if r, ok := LookupRegion(code); !ok || r.Partition != partition || RegionPartition(r.Partner) != partition {
			t.Errorf("%s = %+v, %v: want partition %s, a partner in it", code, r, ok, partition)
		}
	}
	rs[0].City = "changed"
	if Regions()[0].City == "changed" {
		t.Error("Regions returns the shared slice")
	}
	if !RegionOptIn("ap-southeast-4") || RegionOptIn("us-east-1") {
		t.Error("RegionOptIn wrong")
	}
	if RegionLabel("ap-northeast-3") != "ap-northeast-3 (Osaka)" || RegionLabel("zz-1") != "zz-1" {
		t.Error("RegionLabel wrong")
	}
}

func TestValidateRegion(t *testing.T) {
	for _, good := range []string{"us-east-1", "ap-northeast-1", "ap-northeast-3", "eu-south-2", "il-central-1", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1"} {
		if err := ValidateRegion(good); err != nil {
			t.Errorf("ValidateRegion(%q) = %v", good, err)
		}
	}
	cases := map[string]string{ // bad value -> suggestion ("" = none)
		"ap-northeast1":  "ap-northeast-1",
		"AP-NORTHEAST-1": "ap-northeast-1",
		"us-esat-1":      "us-east-1",
		"tokyo":          "ap-northeast-1",
		"Osaka":          "ap-northeast-3",
		"mars-north-9":   "",
		"":               "",
		"us-gov-west-9":  "us-gov-west-1",
		"cn-north1":      "cn-north-1",
	}
	for bad, sugg := range cases {
		err := ValidateRegion(bad)
		if err == nil {
			t.Errorf("ValidateRegion(%q) accepted", bad)
			continue
		}
		msg := err.Error()
		if bad != "" && !strings.Contains(msg, `"`+bad+`"`) {
			t.Errorf("%q: message does not name the value: %s", bad, msg)
		}
		if !strings.Contains(msg, "us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2") {
			t.Errorf("%q: message does not list known Regions: %s", bad, msg)
		}
		if sugg != "" && !strings.Contains(msg, `did you mean "`+sugg+`"`) {
			t.Errorf("%q: want suggestion %s: %s", bad, sugg, msg)
		}
		if sugg == "" && strings.Contains(msg, "did you mean") {
			t.Errorf("%q: unexpected suggestion: %s", bad, msg)
		}
	}
}

func TestValidateAlias(t *testing.T) {
	for _, good := range []string{"alias/zoom-cmk", "alias/a", "alias/Team_A/zoom-cmk-2", "alias/aws", "alias/awsome", "alias/" + strings.Repeat("x", 250)} {
		if err := ValidateAlias(good); err != nil {
			t.Errorf("ValidateAlias(%q) = %v", good, err)
		}
	}
	bad := map[string]string{
		"zoom-cmk":                          `start with "alias/"`,
		"":                                  "no alias",
		"alias/":                            "no name",
		"alias/zoom cmk":                    "contains",
		"alias/zoom.cmk":                    "contains",
		"alias/zoom:cmk":                    "contains",
		"alias/ズーム":                         "contains",
		"alias/aws/zoom":                    "reserved",
		"alias/AWS/zoom":                    "reserved",
		"alias/" + strings.Repeat("x", 251): "characters long",
		"ALIAS/zoom":                        `start with "alias/"`,
	}
	for in, want := range bad {
		err := ValidateAlias(in)
		if err == nil {
			t.Errorf("ValidateAlias(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "alias/zoom-cmk") {
			t.Errorf("ValidateAlias(%q) = %v; want it to say %q and give an example", in, err, want)
		}
	}
}

func TestValidateAccountID(t *testing.T) {
	for _, good := range []string{"123456789012", "000000000000", ZoomAccountID} {
		if err := ValidateAccountID(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
	for _, bad := range []string{"", "12345678901", "1234567890123", "1234-5678-9012", "12345678901a", " 123456789012", "١٢٣٤٥٦٧٨٩٠١٢"} {
		err := ValidateAccountID(bad)
		if err == nil || !strings.Contains(err.Error(), "12 digits") {
			t.Errorf("ValidateAccountID(%q) = %v", bad, err)
		}
	}
}

func TestValidateEmail(t *testing.T) {
	for _, good := range []string{"admin@example.com", "first.last+zoom@mail.example.co.jp", "a@b.io"} {
		if err := ValidateEmail(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
	for _, bad := range []string{"", "admin", "admin@localhost", "Admin <admin@example.com>", "<admin@example.com>",
		"a@example.com, b@example.com", "admin@example.com ", "@example.com", "admin@.com", "admin@example.", "admin@example..com", "admin@[10.0.0.1]"} {
		if err := ValidateEmail(bad); err == nil {
			t.Errorf("ValidateEmail(%q) accepted", bad)
		} else if !strings.Contains(err.Error(), "admin@example.com") {
			t.Errorf("ValidateEmail(%q): message gives no example: %v", bad, err)
		}
	}
}

func TestParseTag(t *testing.T) {
	good := map[string]Tag{
		"team=it":                       {"team", "it"},
		"empty=":                        {"empty", ""},
		"url=a=b":                       {"url", "a=b"},
		"Cost Center=1234":              {"Cost Center", "1234"},
		"部署=情報システム":                     {"部署", "情報システム"},
		"k=" + strings.Repeat("v", 256): {"k", strings.Repeat("v", 256)},
		strings.Repeat("k", 128) + "=v": {strings.Repeat("k", 128), "v"},
		strings.Repeat("é", 128) + "=v": {strings.Repeat("é", 128), "v"},
		"zcmk-tui:alias=alias/zoom-cmk": {"zcmk-tui:alias", "alias/zoom-cmk"},
		"owner=sec-team@example.com":    {"owner", "sec-team@example.com"},
		"mixed=Aa0 _.:/=+-@":            {"mixed", "Aa0 _.:/=+-@"},
		"awsome=yes":                    {"awsome", "yes"},
	}
	for in, want := range good {
		got, err := ParseTag(in)
		if err != nil || got != want {
			t.Errorf("ParseTag(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"team":                          `no "="`,
		"=v":                            "empty key",
		"aws:cloudformation:stack=x":    "reserved",
		"AWS:x=y":                       "reserved",
		strings.Repeat("k", 129) + "=v": "characters long",
		"k=" + strings.Repeat("v", 257): "characters long",
		"k=a;b":                         "contains",
		"k<=v":                          "contains",
		"k=\"v\"":                       "contains",
	}
	for in, want := range bad {
		_, err := ParseTag(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTag(%q) = %v; want error containing %q", in, err, want)
		}
	}
}

func TestParseKeyARN(t *testing.T) {
	good := []struct {
		in   string
		want KeyARN
		mrk  bool
	}{
		{"arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
			KeyARN{"aws", "us-east-1", "123456789012", "mrk-1234abcd12ab34cd56ef1234567890ab"}, true},
		{"arn:aws:kms:ap-northeast-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			KeyARN{"aws", "ap-northeast-3", "123456789012", "1234abcd-12ab-34cd-56ef-1234567890ab"}, false},
		{"arn:aws:kms:us-east-1:123456789012:key/mrk-af39cfb3-27a6-4694-8d20-1f968e363b5d",
			KeyARN{"aws", "us-east-1", "123456789012", "mrk-af39cfb3-27a6-4694-8d20-1f968e363b5d"}, true},
		{"arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
			KeyARN{"aws-us-gov", "us-gov-west-1", "123456789012", "mrk-0123456789abcdef0123456789abcdef"}, true},
		{"arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
			KeyARN{"aws-cn", "cn-north-1", "123456789012", "mrk-0123456789abcdef0123456789abcdef"}, true},
	}
	for _, g := range good {
		k, err := ParseKeyARN(g.in)
		if err != nil {
			t.Errorf("ParseKeyARN(%q): %v", g.in, err)
			continue
		}
		if k != g.want || k.MultiRegion() != g.mrk || k.String() != g.in {
			t.Errorf("ParseKeyARN(%q) = %+v (mrk %v, %s)", g.in, k, k.MultiRegion(), k)
		}
	}
	bad := map[string]string{
		"arn:aws:kms:us-east-1:123456789012:alias/zoom-cmk":                              "alias name (alias/zoom-cmk)",
		"mrk-1234abcd12ab34cd56ef1234567890ab":                                           "not a KMS key ARN",
		"arn:aws:kms:us-east-1:123456789012:key/mrk-1234":                                "key ID",
		"arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ag":    "key ID",
		"arn:aws:kms:us-east-1:12345678901:key/mrk-1234abcd12ab34cd56ef1234567890ab":     "12 digits",
		"arn:aws:s3:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab":     "not kms",
		"arn:azure:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab":  "partition",
		"arn:aws:kms::123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab":             "Region",
		"arn:aws:kms:us-east-1:123456789012:mrk-1234abcd12ab34cd56ef1234567890ab":        "key/",
		"arn:aws:kms:us-east-1:123456789012:key/":                                        "key ID",
		"arn:aws:kms:us-east-1:123456789012:key/mrk-af39cfb3-27a6-4694-8d20-1f968e363b5": "key ID",
		"": "six parts",
	}
	for in, want := range bad {
		_, err := ParseKeyARN(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseKeyARN(%q) = %v; want error containing %q", in, err, want)
		}
	}
}

func TestParseKeyRef(t *testing.T) {
	r, err := ParseKeyRef("alias/zoom-cmk")
	if err != nil || r.Kind != KeyRefAlias || r.Alias != "alias/zoom-cmk" || r.ARN != nil || r.String() != "alias/zoom-cmk" {
		t.Errorf("alias: %+v %v", r, err)
	}
	arn := "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	r, err = ParseKeyRef(arn)
	if err != nil || r.Kind != KeyRefARN || r.ARN == nil || r.ARN.Region != "ap-northeast-1" || r.KeyID != "mrk-1234abcd12ab34cd56ef1234567890ab" || !r.MultiRegion() || r.String() != arn {
		t.Errorf("arn: %+v %v", r, err)
	}
	r, err = ParseKeyRef("1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil || r.Kind != KeyRefID || r.MultiRegion() || r.String() != "1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("id: %+v %v", r, err)
	}
	for _, bad := range []string{"", "zoom-cmk", "alias/aws/ebs", "arn:aws:kms:us-east-1:123456789012:alias/zoom-cmk", "mrk-12"} {
		if _, err := ParseKeyRef(bad); err == nil {
			t.Errorf("ParseKeyRef(%q) accepted", bad)
		}
	}
}

func TestParseTagRefusesControlCharacters(t *testing.T) {
	for _, s := range []string{"team=it\nsec", "team=it\tsec", "team=itsec\r", "te\nam=x", "team=a\x00b", "team=a\u0085b"} {
		if _, err := ParseTag(s); err == nil {
			t.Errorf("ParseTag(%q) accepted a control character", s)
		}
	}
	for _, s := range []string{"team=it security", "team=it\u00a0sec", "チーム=情報セキュリティ"} {
		if _, err := ParseTag(s); err != nil {
			t.Errorf("ParseTag(%q): %v", s, err)
		}
	}
}

func TestLongValuesAreShortenedInErrors(t *testing.T) {
	long := "alias/" + strings.Repeat("a", 10000)
	errs := []error{ValidateAlias(long), ValidateAlias(strings.Repeat("b", 10000)), ValidateAccountID(strings.Repeat("1", 10000)),
		ValidateRegion(strings.Repeat("x", 10000))}
	if _, err := ParseTag(strings.Repeat("k", 10000) + "=v"); err != nil {
		errs = append(errs, err)
	}
	if _, err := ParseKeyRef("arn:" + strings.Repeat("z", 10000)); err != nil {
		errs = append(errs, err)
	}
	for i, err := range errs {
		if err == nil {
			t.Fatalf("%d: no error", i)
		}
		if n := len(err.Error()); n > 1000 || !strings.Contains(err.Error(), "…") {
			t.Errorf("%d: message of %d bytes, not shortened: %.200s", i, n, err.Error())
		}
	}
	if got := Shorten("abcdef", 4); got != "abc…" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten("東京大阪", 4); got != "東京大阪" {
		t.Errorf("Shorten = %q", got)
	}
}

func TestZoomAccountOutsideCommercialPartition(t *testing.T) {
	for _, tc := range []struct {
		partition, zoom string
		explicit, ok    bool
	}{
		{"aws", ZoomAccountID, false, true},
		{"", ZoomAccountID, false, true},
		{"aws-us-gov", ZoomAccountID, false, false},
		{"aws-cn", ZoomAccountID, false, false},
		{"aws-us-gov", ZoomAccountID, true, true},
		{"aws-us-gov", "111122223333", false, true},
	} {
		err := CheckZoomAccountForPartition(tc.partition, tc.zoom, tc.explicit)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "--zoom-account-id") || !strings.Contains(err.Error(), "Zoom for Government")) {
			t.Errorf("%+v: message %q", tc, err)
		}
	}
}
