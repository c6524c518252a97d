package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// TestWizardAccessibleTicketInfo: the real binary, --accessible with piped
// input against the emulator, asks for the Zoom account number and the
// user groups when the admin wants the support ticket; a bad number is
// explained and asked again; the ticket, the session and the runbook name
// them, in English and in Japanese.
func TestWizardAccessibleTicketInfo(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"the Zoom account number is digits only", "for our Zoom account 98765432 to the following", "  Sales Japan, HR\n"}},
		{"ja", []string{"Zoom アカウント番号は数字だけです", "当社の Zoom アカウント 98765432 について", "  Sales Japan, HR\n"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			stateFile := filepath.Join(dir, "session.json")
			cmd := exec.Command(binPath, "--accessible", "--yes", "--lang", tc.lang, "--state-file", stateFile)
			cmd.Dir = dir // the runbook is written to the working directory
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, emu.Env(dir)...)
			// Enter through the defaults to the checklist; "no" to its first
			// four items (and no e-mail), "yes" to limiting CMK to user
			// groups with its account number (a bad one first) and groups;
			// "no" to the last two; the runbook; no verify.
			cmd.Stdin = strings.NewReader(strings.Repeat("\n", 6) + "0\n" + strings.Repeat("\n", 8) + // 8: the alerts step's yes and no address (skipped) too
				"n\nn\nn\nn\n\ny\n98-765\n98765432\nSales Japan, HR\nn\nn\ny\n\nn\n") // runbook: y, in the working directory (enter)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			s, _ := state.Load(stateFile)
			if s == nil || s.ZoomAccountNumber != "98765432" || s.TicketGroups != "Sales Japan, HR" {
				t.Fatalf("session: %+v", s)
			}
			if s.RunbookPath == "" {
				t.Fatalf("no runbook recorded:\n%s", out)
			}
			rb, err := os.ReadFile(s.RunbookPath)
			if err != nil || !strings.Contains(string(rb), "98765432") || !strings.Contains(string(rb), "Sales Japan, HR") {
				t.Errorf("runbook %s (%v) lacks the account number or groups:\n%s", s.RunbookPath, err, rb)
			}
		})
	}
}
