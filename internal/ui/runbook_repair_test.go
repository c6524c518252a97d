package ui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// adminOnly is a key policy made by hand: the account's own statement and
// one for auditors, nothing for Zoom.
const adminOnly = `{"Version":"2012-10-17","Id":"made-by-hand","Statement":[
{"Sid":"EnableAccountAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
{"Sid":"AuditorsMayDescribe","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/auditor"},"Action":"kms:DescribeKey","Resource":"*"}]}`

// TestRunbookShowsPolicyRepair: a key made by hand (primary and replica)
// whose policy has nothing for Zoom; the wizard repairs both policies, and
// the runbook's "what was done" shows, per Region, the policy before and
// after and that Zoom's statement was added and none removed, in English
// and in Japanese.
func TestRunbookShowsPolicyRepair(t *testing.T) {
	eng, srv := motoEngine(t, "")
	keyID, _ := awstest.CreateMultiRegionKeyWithAlias(t, srv.URL, "us-east-1", zoom.DefaultAlias)
	if _, err := awstest.Client(t, srv.URL, "us-east-1").PutKeyPolicy(context.Background(), &kms.PutKeyPolicyInput{
		KeyId: sdkaws.String(keyID), PolicyName: sdkaws.String("default"), Policy: sdkaws.String(adminOnly)}); err != nil {
		t.Fatal(err)
	}
	awstest.ReplicateKey(t, srv.URL, "us-east-1", keyID, "us-west-2", adminOnly)
	// moto makes the replica's alias with it; KMS would not.
	dir := t.TempDir()
	h := newHarness(t, eng, nil, func(c *Config) { c.RunbookDir = dir })
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i := 0; i < 20 && !strings.Contains(h.view(), "Apply "); i++ {
		h.enter(1)
	}
	h.wantView("Apply ")
	h.enter(1) // apply
	h.wantView("Done:")
	for i := 0; i < 6 && h.m.Step() != "portal"; i++ {
		h.enter(1)
	}
	h.wantStep("portal")
	h.typ("m")
	h.wantView("Where should the runbook go?")
	h.enter(1) // the working directory
	path := h.m.Session().RunbookPath
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("runbook: %v", err)
	}
	doc := string(b)
	reps := h.m.Session().PolicyRepairs
	if len(reps) != 2 {
		t.Fatalf("policy repairs recorded: %+v", reps)
	}
	for _, want := range []string{
		"## What was done (UTC)",
		"### Key policy repaired · Primary · us-east-1 (N. Virginia)",
		"### Key policy repaired · Replica · us-west-2 (Oregon)",
		"Statements added: `" + zoom.ZoomSid + "`",
		"Statements extended in place: (none)",
		"Statements removed: (none)",
		"Before (as read before the write):",
		"After (as read back):",
		`"Id": "made-by-hand"`,
		`"Sid": "AuditorsMayDescribe"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("runbook lacks %q", want)
		}
	}
	// The before block has no Zoom statement; the after block has it and
	// keeps the auditors'.
	done := section(doc, "## What was done (UTC)")
	before, after := fenced(done, "Before (as read before the write):"), fenced(done, "After (as read back):")
	if strings.Contains(before, zoom.ZoomAccountID) || !strings.Contains(before, "AuditorsMayDescribe") {
		t.Errorf("the policy before:\n%s", before)
	}
	if !strings.Contains(after, zoom.ZoomAccountID) || !strings.Contains(after, "AuditorsMayDescribe") {
		t.Errorf("the policy after:\n%s", after)
	}
	if t.Failed() {
		t.Log(doc)
	}

	// The same record in Japanese, from the saved session.
	s, err := state.Load(h.m.cfg.StatePath)
	if err != nil || s == nil {
		t.Fatalf("session: %v", err)
	}
	ja := runbookFor(Config{Session: s, Lang: i18n.Japanese, LangGiven: true, Now: func() time.Time { return fixedNow }})
	for _, want := range []string{"キーポリシーの修復 · プライマリ", "追加したステートメント: `" + zoom.ZoomSid + "`",
		"削除したステートメント: (なし)", "修復前 (書き込みの前に読み取ったもの):", "修復後 (改めて読み取ったもの):"} {
		if !strings.Contains(ja, want) {
			t.Errorf("Japanese runbook lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(ja)
	}
}

// section is doc from the heading to the next heading of its level.
func section(doc, heading string) string {
	i := strings.Index(doc, heading)
	if i < 0 {
		return ""
	}
	rest := doc[i+len(heading):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// fenced is the first fenced block after label in doc.
func fenced(doc, label string) string {
	i := strings.Index(doc, label)
	if i < 0 {
		return ""
	}
	rest := doc[i:]
	start := strings.Index(rest, "```")
	if start < 0 {
		return ""
	}
	rest = rest[start+3:]
	if end := strings.Index(rest, "```"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}
