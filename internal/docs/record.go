package docs

import (
	"time"

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
	rec  Record
	sess *state.Session
	dry  bool
}

func newWriter(cat Catalogue, r Record) *writer {
	s := r.Session
	if s == nil {
		s = &state.Session{}
	}
	return &writer{cat: cat, rec: r, sess: s, dry: r.DryRun}
}

func (f *writer) t(id string, args ...any) string { return f.cat.T(id, args...) }

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

func (f *writer) arnList() []string {
	var out []string
	for _, k := range f.keysForDisplay() {
		if k.ARN != "" {
			out = append(out, k.ARN)
		}
	}
	return out
}
