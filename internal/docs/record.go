package docs

import (
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// Record is what a document is made from: the session (with its verify
// report and drill record) and what the wizard knows beyond it. The
// command line gives the session alone.
type Record struct {
	Session *state.Session
	Now     time.Time // when the document is made
	// DryRun: the wizard's dry run, which made no key (a session saved by
	// a dry run says so itself).
	DryRun bool
	// ZoomAccount is Zoom's AWS account the key policy names ("" = the
	// session's, else Zoom's commercial account).
	ZoomAccount string
	// Keys are the keys to show ("" = the session's): in a dry run, the
	// planned Regions.
	Keys []state.Key
	// Policy is the key policy applied, shown when the session holds none.
	Policy string
}

// writer makes a document of a record in one language.
type writer struct {
	cat  Catalogue
	md   *i18n.Printer // cat's printer for Markdown: outside arguments flattened (t)
	rec  Record
	sess *state.Session
	dry  bool
}

func newWriter(cat Catalogue, r Record) *writer {
	s := r.Session
	if s == nil {
		s = &state.Session{}
	}
	return &writer{cat: cat, md: cat.Printer().ForMarkdown(), rec: r, sess: s, dry: r.DryRun}
}

// t is message id (without "ui.") for the runbook: an argument from outside
// (a Sid, an error message, a name from the session file) stays on its
// line and in its table cell (i18n.Printer.ForMarkdown).
func (f *writer) t(id string, args ...any) string { return f.md.T("ui."+id, args...) }

// md is text from outside (AWS answers, the session file) for one place in
// the runbook: see safe.Markdown. Applied once to each value.
func md(s string) string { return safe.Markdown(s) }

// region is a Region's label in the catalogue's language.
func (f *writer) region(code string) string { return zoom.RegionLabelIn(f.cat.Printer(), code) }

// zoomAccount is the Zoom account the key policy names.
func (f *writer) zoomAccount() string {
	switch {
	case f.rec.ZoomAccount != "":
		return f.rec.ZoomAccount
	case f.sess.ZoomAccountID != "":
		return f.sess.ZoomAccountID
	}
	return zoom.ZoomAccountID
}

// keysForDisplay are the keys to show: the record's, else the session's.
func (f *writer) keysForDisplay() []state.Key {
	if len(f.rec.Keys) > 0 {
		return f.rec.Keys
	}
	return f.sess.Keys
}

func (f *writer) arnList() []string { return state.ARNs(f.keysForDisplay()) }
