package zoom

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

var goldenARNs = []string{
	"arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
	"arn:aws:kms:ap-northeast-3:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
	"arn:aws:kms:us-west-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
}

var goldenTicks = map[string]bool{StepPasteARNs: true, StepStandby: true}

// The English renderings are the ones printed before the texts moved to the
// catalogue (testdata/*.en.*, written by the code of that time): the
// English product is unchanged.
func TestEnglishRenderingsUnchanged(t *testing.T) {
	for _, c := range []struct {
		file, format string
		arns         []string
	}{
		{"checklist.en.txt", "text", goldenARNs},
		{"checklist.en.md", "markdown", goldenARNs},
		{"checklist-noarns.en.txt", "text", nil},
		{"checklist-noarns.en.md", "markdown", nil},
	} {
		want, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := RenderChecklist(i18n.NewPrinter(i18n.English), c.format, c.arns, goldenTicks)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s changed:\n%s", c.file, got)
		}
	}
	for file, got := range map[string]string{
		"ticket.en.txt":       RenderSupportTicket(english, "12345678", "", goldenARNs, "Legal, HR"),
		"ticket-empty.en.txt": RenderSupportTicket(english, "", "", nil, ""),
	} {
		want, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s changed:\n%s", file, got)
		}
	}
}

// allRenderings renders every text of the package in p's language.
func allRenderings(t *testing.T, p *i18n.Printer) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range []string{"text", "markdown"} {
		for _, arns := range [][]string{goldenARNs, nil} {
			s, err := RenderChecklist(p, f, arns, goldenTicks)
			if err != nil {
				t.Fatal(err)
			}
			out["checklist "+f+" "+strings.Join(arns, ",")] = s
		}
	}
	for _, f := range []string{"text", "markdown"} {
		s, err := RenderChecklistKeys(p, f, KeyList{ARNs: goldenARNs, Alerts: goldenAlerts}, goldenTicks)
		if err != nil {
			t.Fatal(err)
		}
		out["checklist with alerts "+f] = s
	}
	out["ticket with alerts"] = RenderSupportTicketKeys(p, "12345678", "", KeyList{ARNs: goldenARNs, Alerts: goldenAlerts}, "Legal")
	out["ticket"] = RenderSupportTicket(p, "12345678", "", goldenARNs, "Legal")
	out["ticket empty"] = RenderSupportTicket(p, "", "", nil, "")
	for _, d := range DataTypes() {
		out["datatype "+d.ID] = p.M(d.Label())
	}
	for _, g := range DataTypeGroups() {
		out["group "+g] = p.M(GroupLabel(g))
	}
	for i, m := range NotProtectedMsgs() {
		out["notprotected "+string(rune('0'+i))] = p.M(m)
	}
	for _, r := range Regions() {
		out["region "+r.Code] = RegionLabelIn(p, r.Code) + " " + RegionName(p, r.Code)
	}
	for name, err := range invalidInputs() {
		out["error "+name] = p.Err(err)
	}
	for i, pol := range checkedPolicies {
		for _, f := range CheckPolicy(pol, "aws", "123456789012", ZoomAccountID) {
			out[fmt.Sprintf("policy %d finding %s", i, f.ID)] = p.M(f.Detail)
			if f.Fix.ID != "" {
				out[fmt.Sprintf("policy %d fix %s", i, f.ID)] = p.M(f.Fix)
			}
		}
		r, _ := MergePolicy(pol, "aws", "123456789012", ZoomAccountID)
		for j, n := range r.Notes {
			out[fmt.Sprintf("policy %d note %d", i, j)] = p.M(n)
		}
	}
	return out
}

// checkedPolicies give every finding and every merge note.
var checkedPolicies = []string{
	BuildPolicy("aws", "123456789012", ZoomAccountID),
	`{"Version":"2012-10-17","Statement":[]}`,
	`not json`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":["kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"a":"b"}}},{"Sid":"D","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"Bool":{"x":"y"}}}]}`,
	`{"Statement":[{"Sid":"X","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::409910850980:root"},"Action":["kms:Decrypt"],"Resource":"arn:aws:kms:*","Condition":{"StringEquals":{"a":"b"}}},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`,
}

// The findings and merge notes keep their English texts and give the same
// as messages.
func TestFindingsAndNotesAsMessages(t *testing.T) {
	ja := i18n.NewPrinter(i18n.Japanese)
	notes := 0
	for i, pol := range checkedPolicies {
		for _, f := range CheckPolicy(pol, "aws", "123456789012", ZoomAccountID) {
			if strings.HasPrefix(english.M(f.Detail), "!") || f.Fix.ID != "" && strings.HasPrefix(english.M(f.Fix), "!") {
				t.Errorf("policy %d %s: a message is missing from the English catalogue", i, f.ID)
			}
			if d := ja.M(f.Detail); d == english.M(f.Detail) && f.ID != FindingParse {
				t.Errorf("policy %d %s: not in Japanese: %q", i, f.ID, d)
			}
		}
		r, _ := MergePolicy(pol, "aws", "123456789012", ZoomAccountID)
		for j := range r.Notes {
			notes++
			if en := english.M(r.Notes[j]); strings.HasPrefix(en, "!") || ja.M(r.Notes[j]) == en {
				t.Errorf("policy %d note %d: %q / %q", i, j, en, ja.M(r.Notes[j]))
			}
		}
	}
	if notes < 4 {
		t.Errorf("only %d merge notes checked", notes)
	}
	f := CheckPolicy(checkedPolicies[3], "aws", "123456789012", ZoomAccountID)
	for _, x := range f {
		if x.ID == FindingZoomDeny {
			if got := ja.M(x.Detail); got != "Deny が Zoom への許可を上書きしています: ステートメント D (kms:Decrypt, kms:Encrypt, kms:DescribeKey, kms:GenerateDataKey* を拒否); ステートメント 3 (Sid なし) (Condition が満たされるときに kms:Decrypt を拒否)。" {
				t.Errorf("deny in Japanese: %q", got)
			}
		}
	}
}

// invalidInputs makes every validation error of the package.
func invalidInputs() map[string]error {
	errs := map[string]error{}
	add := func(name string, err error) {
		if err == nil {
			panic(name + ": no error")
		}
		errs[name] = err
	}
	for _, a := range []string{"", "zoom", "alias/", "alias/" + strings.Repeat("a", 260), "alias/a b", "alias/aws/x"} {
		add("alias "+a, ValidateAlias(a))
	}
	for _, a := range []string{"123", "12345678901x"} {
		add("account "+a, ValidateAccountID(a))
	}
	for _, a := range []string{"", "a", "A <a@b.c>", "a@b"} {
		add("email "+a, ValidateEmail(a))
	}
	for _, a := range []string{"x", "=v", strings.Repeat("k", 129) + "=v", "k=" + strings.Repeat("v", 257), "aws:x=y", "k=\xff", "k=a\nb"} {
		_, err := ParseTag(a)
		add("tag "+a, err)
	}
	for _, a := range []string{"arn:aws", "arn:aws-xx:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"arn:aws:s3:us-east-1:123456789012:key/x", "arn:aws:kms:Tokyo:123456789012:key/x", "arn:aws:kms:us-east-1:1:key/x",
		"arn:aws:kms:us-east-1:123456789012:alias/zoom", "arn:aws:kms:us-east-1:123456789012:thing/x",
		"arn:aws:kms:us-east-1:123456789012:key/nope"} {
		_, err := ParseKeyARN(a)
		add("arn "+a, err)
	}
	for _, a := range []string{"", "what"} {
		_, err := ParseKeyRef(a)
		add("keyref "+a, err)
	}
	for _, a := range []string{"", "tokyo", "mars-1"} {
		add("region "+a, ValidateRegion(a))
	}
	add("partition", CheckZoomAccountForPartition("aws-us-gov", ZoomAccountID, false))
	_, err := RenderChecklist(i18n.NewPrinter(i18n.English), "pdf", nil, nil)
	add("format", err)
	add("policy partition", checkArgs("nope", "123456789012", ZoomAccountID))
	add("policy account", checkArgs("aws", "1", ZoomAccountID))
	add("policy zoom account", checkArgs("aws", "123456789012", "2"))
	add("lockout", lockoutError("aws", "123456789012"))
	for _, doc := range []string{"", "{", "[]", `{"a": 1, "a": 2}`, `{"Statement": 5}`, `{"Statement": [1]}`, `{"Statement": {"Sid": 1, "Sid": 2}}`} {
		_, err := parseDocument(doc)
		add("policy document "+doc, err)
	}
	return errs
}

func TestEveryTextResolves(t *testing.T) {
	for _, l := range i18n.Langs() {
		for name, s := range allRenderings(t, i18n.NewPrinter(l)) {
			if strings.Contains(s, "!zoom.") || strings.Contains(s, "!region.") || strings.Contains(s, "%!") {
				t.Errorf("%s %s: unresolved message or bad verb: %q", l, name, s)
			}
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s %s: empty", l, name)
			}
		}
	}
}

// The errors keep their English Error() and say the same in Japanese.
func TestErrorsInJapanese(t *testing.T) {
	ja := i18n.NewPrinter(i18n.Japanese)
	for name, err := range invalidInputs() {
		var ze *Error
		if !errors.As(err, &ze) {
			t.Errorf("%s: %T is not a *zoom.Error", name, err)
			continue
		}
		if strings.Contains(err.Error(), "!zoom.") {
			t.Errorf("%s: %q", name, err)
		}
		got := ja.Err(err)
		if got == err.Error() || !strings.ContainsAny(got, "をはがにでのす") {
			t.Errorf("%s: not in Japanese: %q", name, got)
		}
	}
	err := ValidateRegion("tokyo")
	if got := ja.Err(err); !strings.Contains(got, `"ap-northeast-1" (アジアパシフィック (東京))`) {
		t.Errorf("the suggestion names the Region in Japanese: %q", got)
	}
	_, err = ParseKeyARN("arn:aws:s3:us-east-1:123456789012:key/x")
	if got := ja.Err(err); !strings.Contains(got, `サービスが kms ではなく "s3" です`) {
		t.Errorf("the nested reason is in Japanese: %q", got)
	}
	if _, err := parseDocument("[]"); !errors.Is(err, ErrInvalidPolicy) || ja.Err(err) != "キーポリシーが正しくありません (ポリシー全体): JSON オブジェクトである必要があります" {
		t.Errorf("invalid policy: %v / %s", err, ja.Err(err))
	}
	if !errors.Is(lockoutError("aws", "123456789012"), ErrLockout) {
		t.Error("the lockout error is no longer ErrLockout")
	}
}

func TestRegionNamesInJapanese(t *testing.T) {
	ja := i18n.NewPrinter(i18n.Japanese)
	for code, want := range map[string]string{
		"us-east-1": "米国東部 (バージニア北部)", "us-east-2": "米国東部 (オハイオ)", "us-west-1": "米国西部 (北カリフォルニア)",
		"us-west-2": "米国西部 (オレゴン)", "ap-northeast-1": "アジアパシフィック (東京)", "ap-northeast-3": "アジアパシフィック (大阪)",
		"ap-northeast-2": "アジアパシフィック (ソウル)", "ap-southeast-1": "アジアパシフィック (シンガポール)",
		"ap-southeast-2": "アジアパシフィック (シドニー)", "eu-central-1": "欧州 (フランクフルト)", "eu-west-1": "欧州 (アイルランド)",
		"eu-west-2": "欧州 (ロンドン)", "ca-central-1": "カナダ (中部)", "sa-east-1": "南米 (サンパウロ)",
		"eu-west-3": "欧州 (パリ)", "eu-north-1": "欧州 (ストックホルム)", "ap-south-1": "アジアパシフィック (ムンバイ)",
	} {
		if got := RegionName(ja, code); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	for _, r := range Regions() {
		name := RegionName(ja, r.Code)
		if name == "" || name == r.City || !strings.ContainsFunc(name, func(c rune) bool { return c > 0x3000 }) {
			t.Errorf("%s: no Japanese name: %q", r.Code, name)
		}
		if got := RegionLabelIn(ja, r.Code); got != name+" "+r.Code {
			t.Errorf("%s: label %q", r.Code, got)
		}
	}
	if got := RegionLabel("ap-northeast-1"); got != "ap-northeast-1 (Tokyo)" {
		t.Errorf("English label: %q", got)
	}
	if got := RegionLabelIn(ja, "zz-east-1"); got != "zz-east-1" {
		t.Errorf("a Region outside the catalogue is its code: %q", got)
	}
}

func TestJapaneseChecklistFits80Columns(t *testing.T) {
	ja := i18n.NewPrinter(i18n.Japanese)
	for _, arns := range [][]string{goldenARNs, nil} {
		txt, err := RenderChecklist(ja, "text", arns, goldenTicks)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(txt, "\n") {
			// An ARN stays whole on a line of its own, so that it can be copied.
			if ansi.StringWidth(line) > 80 && !strings.HasPrefix(strings.TrimSpace(line), "arn:") {
				t.Errorf("line wider than 80 columns (%d): %q", ansi.StringWidth(line), line)
			}
			if tl := strings.TrimLeft(line, " "); strings.HasPrefix(tl, "。") || strings.HasPrefix(tl, "、") || strings.HasPrefix(tl, "）") || strings.HasPrefix(tl, "」") {
				t.Errorf("line starts with closing punctuation: %q", line)
			}
		}
		for _, want := range []string{"詳細設定 > セキュリティ", "「Configure Customer Managed Key」", "Standby", "プライマリキー、アジアパシフィック (東京) ap-northeast-1"} {
			if arns != nil && !strings.Contains(txt, want) {
				t.Errorf("Japanese checklist lacks %q:\n%s", want, txt)
			}
		}
	}
}

func TestWrapKeepsWordsWhole(t *testing.T) {
	s := "キー所有者の CloudTrail にアカウント 409910850980 からの KMS Decrypt と GenerateDataKey のイベントが記録されます。zcmk-tui verify を実行してください。"
	words := []string{"CloudTrail", "409910850980", "Decrypt", "GenerateDataKey", "zcmk-tui"}
	for _, width := range []int{16, 20, 30, 70} {
		lines := wrap(s, width)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(s, " ", "") {
			t.Fatalf("width %d: text lost: %q", width, lines)
		}
		all := "\n" + strings.Join(lines, "\n") + "\n"
		for _, w := range words {
			if !strings.Contains(all, w) {
				t.Errorf("width %d: %q split: %q", width, w, lines)
			}
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: %q too wide", width, l)
			}
			if strings.HasPrefix(l, "。") || strings.HasPrefix(l, "、") {
				t.Errorf("width %d: %q starts with punctuation", width, l)
			}
		}
	}
	if got := wrap("open a Zoom support ticket, e-mail the admins with zcmk-tui", 12); strings.Join(got, "|") != "open a Zoom|support|ticket,|e-mail the|admins with|zcmk-tui" {
		t.Errorf("English wrap: %q", got)
	}
}
