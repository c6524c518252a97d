package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The drill's texts in both languages fit 80 columns by wrapping, not by
// being cut; a failed restore shows every command whole.
func TestDrillViewsFit80(t *testing.T) {
	at := time.Date(2026, 11, 28, 11, 50, 0, 0, time.UTC)
	arn := "arn:aws:kms:ap-northeast-3:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	rec := &state.Drill{StartedAt: at, Deadline: at.Add(10 * time.Minute), EndedAt: at.Add(5 * time.Minute), Who: "arn:aws:iam::111122223333:user/admin",
		Scope: setup.DrillScopeAll, EndReason: setup.EndOperator, Outcome: state.DrillRestoreFailed, Verify: "OK",
		Regions:      []state.DrillRegion{{Region: "ap-northeast-3", Role: setup.RoleReplica, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: arn, DisabledAt: at}},
		Observations: []state.DrillObservation{{ID: setup.ObsPortalUnusable, At: at}, {ID: setup.ObsNote, At: at, Note: "alert e-mail came to the security team in about four minutes"}}}
	rerr := &setup.RestoreError{Failed: []setup.RestoreFailure{{Target: setup.DrillTarget{Region: "ap-northeast-3", Role: setup.RoleReplica, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: arn}, Err: errors.New("throttled")}}}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		m := New(Config{Engine: &stubEngine{}, Lang: lang})
		res := &setup.DrillResult{Drill: rec, ManualCommands: rerr.Commands()}
		for name, view := range map[string]string{
			"result":  m.viewDrillResult(res, rerr, 80, 80),
			"restore": m.viewRestoreWhat(rec, 80),
		} {
			for i, l := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(l); w > 80 {
					t.Errorf("%s %s: line %d is %d columns: %q", lang, name, i+1, w, l)
				}
			}
			if strings.Contains(view, "!ui.") {
				t.Errorf("%s %s: a message id is missing:\n%s", lang, name, view)
			}
		}
		joined := strings.ReplaceAll(strings.ReplaceAll(ansi.Strip(m.viewDrillResult(res, rerr, 80, 80)), " \\\n  ", " "), "\n", "")
		if !strings.Contains(joined, "aws kms enable-key --key-id "+arn+" --region ap-northeast-3") {
			t.Errorf("%s: the command to finish the restore is not whole:\n%s", lang, m.viewDrillResult(res, rerr, 80, 80))
		}
	}
}
