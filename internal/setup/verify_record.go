package setup

import (
	"strings"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// RecordVerify writes the outcome of a verify into the session, for the
// runbook: when, whether it passed, and the report as shown (each Region's
// checks and the summary), or why nothing could be checked. The wizard's v
// and `zcmk-tui verify` record it the same way.
func RecordVerify(s *state.Session, p *i18n.Printer, rep *VerifyReport, err error, now time.Time) {
	v := &state.VerifyRecord{At: now.UTC().Truncate(time.Second)}
	var b strings.Builder
	switch {
	case err != nil:
		b.WriteString(err.Error())
	case rep != nil:
		v.OK = rep.OK
		RenderVerifyIn(&b, p, rep, 100)
	default:
		return
	}
	v.Lines = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	s.LastVerify = v
}
