package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

func TestAccessibleRunsTheSameSteps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	lines := []string{
		"", "", "", "", // prerequisites: yes
		"", "", "0", // new key, primary ap-northeast-1, replicas: keep Osaka, done
		"", "", "Owner=zoom-admins", "", // alias, description, tags, rotation
		"y",    // apply: a typed yes
		"", "", // the alerts step: yes, no address (nothing set up)
		"",      // after the policy
		"",      // after the ARNs
		"y", "", // ticked: paste the ARNs; not yet: standby
		"y", "2", "0", // data types: ticked, archives noted
		"y", "admin@example.com", // alert e-mails: ticked, one address
		"n",         // the tamper alerts for it: not now
		"y", "", "", // group scoping ticked; account number and groups left out (ticket shown)
		"", "", // test recording, CloudTrail
		"y", // runbook
		"",  // in the working directory
		"",  // verify now
	}
	var out strings.Builder
	cfg := Config{Engine: &stubEngine{}, StatePath: path, Now: func() time.Time { return fixedNow }, Interactive: true}
	s, dry, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	text := out.String()
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for _, want := range []string{"Step 1 of 7: Prerequisites", "Step 2 of 7: Regions", "Replica Regions for ap-northeast-1 (Tokyo)",
		"Step 3 of 7: Key", "Apply these 5 changes", "Done: 5 changes made.", "Step 5 of 7: Policy", "» ",
		"Step 6 of 7: ARNs", "arn:aws:kms:ap-northeast-3:111122223333:key/mrk-", "Step 7 of 7: Zoom portal",
		"Customer Managed Key: limit CMK to user groups", "ap-northeast-3 (Osaka), replica\narn:aws:kms:ap-northeast-3:",
		"  zoom-grant  ok", "OK: 0 failed, 0 warnings, 12 ok, 2 unknown in 2 Regions.", "Runbook written to"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible output lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Errorf("accessible output has escape sequences")
	}
	saved, _ := state.Load(path)
	if saved == nil || saved.Step != "portal" || len(saved.Keys) != 2 || !saved.Ticks["paste-arns"] ||
		strings.Join(saved.AlertEmails, ",") != "admin@example.com" || strings.Join(saved.DataTypes, ",") != "archives" ||
		strings.Join(saved.WizardTags, ",") != "Owner=zoom-admins" {
		t.Errorf("session after the accessible run: step %q, %d keys, ticks %v, e-mails %v, types %v, tags %v\n%s",
			saved.Step, len(saved.Keys), saved.Ticks, saved.AlertEmails, saved.DataTypes, saved.WizardTags, text)
	}
	if s == nil || len(s.Keys) != 2 || dry {
		t.Errorf("returned session: %+v, dry run %v", s, dry)
	}
}

// A dry run chosen at the prerequisites (no credentials) is reported as one,
// so that the command does not say a session was saved.
func TestAccessibleDryRunChosenForWantOfCredentials(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	lines := []string{
		"", "", "", "", // prerequisites: yes
		"n",                // practise: no
		"", "111122223333", // dry run: yes, with this account
	}
	var out strings.Builder
	cfg := Config{Engine: &stubEngine{idErr: &setup.Error{Kind: setup.KindNoCredentials, Text: i18n.Msg{ID: "aws.err.raw", Args: []any{"no AWS credentials found"}}}},
		StatePath: path, Now: func() time.Time { return fixedNow }}
	s, dry, _ := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	if !dry {
		t.Fatalf("dry run not reported\n%s", out.String())
	}
	if got := docs.ExitSummary(English, s, path, dry); strings.Contains(got, "Session saved") {
		t.Errorf("exit summary of a dry run claims a saved session: %q", got)
	}
	if saved, _ := state.Load(path); saved != nil {
		t.Errorf("a dry run saved a session: %+v", saved)
	}
}
