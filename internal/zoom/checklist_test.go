package zoom

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func TestChecklistItems(t *testing.T) {
	ids := []string{"paste-arns", "standby", "data-types", "alert-emails", "group-scope", "test-recording", "cloudtrail"}
	items := englishSteps()
	if len(items) != len(ids) {
		t.Fatalf("%d items, want %d", len(items), len(ids))
	}
	for i, it := range items {
		if it.ID != ids[i] {
			t.Errorf("item %d ID %q, want %q", i, it.ID, ids[i])
		}
		if it.Title == "" || utf8.RuneCountInString(it.Title) > 60 {
			t.Errorf("%s: title %q empty or longer than 60", it.ID, it.Title)
		}
		if n := strings.Count(it.Detail, ". ") + 1; it.Detail == "" || n > 3 {
			t.Errorf("%s: detail should be 1-3 sentences: %q", it.ID, it.Detail)
		}
	}
	all := ""
	for _, it := range items {
		all += it.Title + " " + it.Detail + "\n"
	}
	for _, want := range []string{"Configure Customer Managed Key", "詳細設定 > セキュリティ", "Standby", "Zoom support", ZoomAccountID, "CMK mark", "owner or an admin"} {
		if !strings.Contains(all, want) {
			t.Errorf("checklist never mentions %q", want)
		}
	}
}

func TestChecklistText(t *testing.T) {
	arns := []string{
		"arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"arn:aws:kms:ap-northeast-3:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
	}
	txt, err := RenderChecklist(english, "text", arns, map[string]bool{"paste-arns": true})
	if err != nil {
		t.Fatal(err)
	}
	p, r := strings.Index(txt, arns[0]), strings.Index(txt, arns[1])
	if p < 0 || r < 0 || p > r {
		t.Errorf("ARNs missing or not primary first:\n%s", txt)
	}
	if !strings.Contains(txt, "Primary, ap-northeast-1 (Tokyo)") || !strings.Contains(txt, "Replica, ap-northeast-3 (Osaka)") {
		t.Errorf("roles/Regions missing:\n%s", txt)
	}
	if !strings.Contains(txt, "[x] 1. ") || !strings.Contains(txt, "[ ] 2. ") {
		t.Errorf("ticks not rendered:\n%s", txt)
	}
	for _, line := range strings.Split(txt, "\n") {
		// ARNs stay whole on one line so they can be copied.
		if uniseg.StringWidth(line) > 80 && !strings.HasPrefix(strings.TrimSpace(line), "arn:") {
			t.Errorf("line too long: %q", line)
		}
	}
	md, err := RenderChecklist(english, "markdown", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md, "# ") || !strings.Contains(md, "- [ ] **1. ") || !strings.Contains(md, "run `zcmk-tui setup` first") {
		t.Errorf("markdown wrong:\n%s", md)
	}
	if strings.Contains(md, "- [x]") {
		t.Errorf("nothing was ticked:\n%s", md)
	}
	if _, err := RenderChecklist(english, "html", arns, nil); err == nil || !strings.Contains(err.Error(), "html") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestSupportTicketText(t *testing.T) {
	arns := []string{"arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"arn:aws:kms:us-west-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"}
	s := RenderSupportTicket(english, "9876543", ZoomAccountID, arns, "Legal, HR")
	for _, want := range []string{"9876543", arns[0] + " (primary", arns[1] + " (replica", "Legal, HR", zroot, "kms:Encrypt"} {
		if !strings.Contains(s, want) {
			t.Errorf("ticket lacks %q:\n%s", want, s)
		}
	}
	s = RenderSupportTicket(english, "", "", nil, "")
	if !strings.Contains(s, "<your Zoom account number>") || !strings.Contains(s, "<the Zoom user groups>") || !strings.Contains(s, "run zcmk-tui setup first") {
		t.Errorf("placeholders missing:\n%s", s)
	}
	gov := RenderSupportTicket(english, "1", "111122223333", []string{"arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"}, "g")
	if !strings.Contains(gov, "arn:aws-us-gov:iam::111122223333:root") {
		t.Errorf("partition/account not used:\n%s", gov)
	}
}

func TestDataTypes(t *testing.T) {
	groups := map[string]bool{}
	for _, g := range DataTypeGroups() {
		groups[g] = true
	}
	ids := map[string]bool{}
	names := ""
	for _, d := range DataTypes() {
		if d.ID == "" || d.Name == "" || !groups[d.Group] || ids[d.ID] {
			t.Errorf("bad data type %+v", d)
		}
		ids[d.ID] = true
		names += d.Name + "\n"
	}
	for _, want := range []string{"cloud recordings", "transcripts", "archives", "voicemail", "MMS", "Zoom Rooms", "Microsoft Teams", "Team Chat", "Clips", "Whiteboards", "AI Companion"} {
		if !strings.Contains(names, want) {
			t.Errorf("data types never mention %q", want)
		}
	}
	var nps []string
	for _, m := range NotProtectedMsgs() {
		nps = append(nps, english.M(m))
	}
	np := strings.Join(nps, "\n")
	for _, want := range []string{"in transit", "before CMK", "Local recordings", "metadata"} {
		if !strings.Contains(np, want) {
			t.Errorf("NotProtected lacks %q", want)
		}
	}
}

// englishSteps are the checklist's steps in English.
func englishSteps() []struct{ ID, Title, Detail string } {
	var out []struct{ ID, Title, Detail string }
	for _, s := range Steps() {
		out = append(out, struct{ ID, Title, Detail string }{s.ID, english.M(s.Title), english.M(s.Detail)})
	}
	return out
}
