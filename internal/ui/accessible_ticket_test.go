package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// The accessible mode asks for the Zoom account number and the user groups
// when the admin says they want the support ticket, as the ticket's e does
// on the full screen: a bad answer is explained and asked again, enter
// leaves one out, the answers are saved in the session and fill the
// ticket (issue 11).

// toGroupScope are the answers, against the emulator, from the first
// question to the checklist's "limit CMK to user groups", ticked: a new key
// in Tokyo with its Osaka replica (a typed yes), nothing else ticked.
var toGroupScope = append(append([]string{}, toConfirm...),
	"y",    // apply
	"", "", // the alerts step: yes, no address (nothing set up)
	"", "", // after the policy, after the ARNs
	"", "", // paste the ARNs, standby: not yet
	"",     // data types: not yet
	"", "", // alert e-mails: not yet, none
	"y", // limit CMK to user groups: yes, the ticket
)

func TestAccessibleTicketAsksAccountAndGroups(t *testing.T) {
	srv := emulatorEnv(t)
	for _, tc := range []struct {
		name    string
		lang    i18n.Lang
		answers []string // account number, groups, with the answers asked again
		account string   // saved
		groups  string   // saved
		say     []string // in the output
	}{
		{"English", i18n.English, []string{"12ab", "1234567890", "Sales Japan,\tLegal", " Sales Japan ,  Legal "}, "1234567890", "Sales Japan, Legal",
			[]string{"Zoom account number", "Account Management > Account Profile", "the Zoom account number is digits only",
				"User groups to encrypt with your key", "cannot contain control characters",
				"Support ticket to scope CMK to user groups", "for our Zoom account 1234567890 to the following user groups only",
				"  Sales Japan, Legal\n"}},
		{"English, both left out", i18n.English, []string{"", ""}, "", "",
			[]string{"Both are optional", "for our Zoom account <your Zoom account number> to", "  <the Zoom user groups>\n"}},
		{"Japanese", i18n.Japanese, []string{"１２３", "", "営業部、法務部"}, "", "営業部, 法務部",
			[]string{"Zoom アカウント番号", "どちらも省略できます", "Zoom アカウント番号は数字だけです", "キーで暗号化するユーザーグループ",
				"サポートチケット: CMK をユーザーグループに限定", "当社の Zoom アカウント <Zoom のアカウント番号> について", "  営業部, 法務部\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := srv.Reset(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "session.json")
			input := strings.Join(append(append([]string{}, toGroupScope...), tc.answers...), "\n") + "\n"
			// The input ends at the next checklist item, after the ticket.
			out, err := runAccessibleOnEmulator(t, srv, input, func(c *Config) {
				c.Interactive, c.StatePath, c.Lang = true, path, tc.lang
			})
			if !errors.Is(err, ErrEndOfInput) {
				t.Errorf("error %v; want the end of input after the ticket", err)
			}
			for _, want := range tc.say {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q\n%s", want, tail(out, 4000))
				}
			}
			if strings.Contains(out, "c copies") || strings.Contains(out, "c でコピー") {
				t.Errorf("the accessible ticket names the full screen's keys\n%s", tail(out, 3000))
			}
			s, _ := state.Load(path)
			if s == nil || s.ZoomAccountNumber != tc.account || s.TicketGroups != tc.groups {
				t.Fatalf("session: %+v; want account %q, groups %q", s, tc.account, tc.groups)
			}
			// The runbook's ticket names them too.
			f := flow.New(withDefaults(Config{Session: s}))
			if rb := f.Runbook(); tc.groups != "" && !strings.Contains(rb, tc.groups) {
				t.Errorf("the runbook's ticket lacks the groups %q", tc.groups)
			}
		})
	}
}

// End of input at the account number stops there, as every question of
// the accessible mode does: nothing of the ticket is saved.
func TestAccessibleTicketEndOfInput(t *testing.T) {
	srv := emulatorEnv(t)
	path := filepath.Join(t.TempDir(), "session.json")
	for _, input := range [][]string{toGroupScope, append(append([]string{}, toGroupScope...), "12x")} {
		out, err := runAccessibleOnEmulator(t, srv, strings.Join(input, "\n")+"\n", func(c *Config) { c.Interactive, c.StatePath = true, path })
		if !errors.Is(err, ErrEndOfInput) || !strings.Contains(out, "Zoom account number") || strings.Contains(out, "Support ticket to scope") {
			t.Errorf("error %v; want a stop at the account number, before the ticket\n%s", err, tail(out, 3000))
		}
		if s, _ := state.Load(path); s == nil || s.ZoomAccountNumber != "" || s.TicketGroups != "" {
			t.Errorf("session after the stop: %+v", s)
		}
		if err := srv.Reset(); err != nil {
			t.Fatal(err)
		}
	}
}

// A user group's name may hold spaces: the ticket's groups are separated by
// commas only, on the full screen as in the accessible mode.
func TestTicketGroupNamesKeepTheirSpaces(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession())
	h.wantStep("portal")
	h.typ("s")
	h.typ("e")
	h.enter(1) // no account number
	h.typ("Sales Japan, Legal and Compliance")
	h.enter(1)
	h.wantView("Sales Japan, Legal and Compliance")
	if got := h.m.f.Sess.TicketGroups; got != "Sales Japan, Legal and Compliance" {
		t.Fatalf("groups saved as %q", got)
	}
}
