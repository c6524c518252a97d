package ui

import (
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The wizard takes Zoom's account for Zoom for Government or another Zoom
// cloud from --zoom-account-id, or from the session that used it, as setup
// does; the partition check then accepts it. Before, the wizard always
// planned with the commercial account, and its partition error told the
// admin to give a flag the wizard did not have.
func TestWizardPlansWithTheGivenZoomAccount(t *testing.T) {
	const gov = "111122223333"
	for _, tc := range []struct {
		name      string
		flag      string
		sess      *state.Session
		want      string
		wantGiven bool
	}{
		{"default", "", nil, zoom.ZoomAccountID, false},
		{"flag", gov, nil, gov, true},
		{"saved", "", &state.Session{Version: 1, ZoomAccountID: gov}, gov, true},
		{"saved commercial", "", &state.Session{Version: 1, ZoomAccountID: zoom.ZoomAccountID}, zoom.ZoomAccountID, false},
		{"flag over saved", "444455556666", &state.Session{Version: 1, ZoomAccountID: gov}, "444455556666", true},
	} {
		h := newHarness(t, &stubEngine{}, tc.sess, func(c *Config) { c.ZoomAccountID = tc.flag })
		h.m.f.RegionDefaults("us-east-1")
		o, err := h.m.f.Options()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if o.ZoomAccountID != tc.want || o.ZoomAccountGiven != tc.wantGiven {
			t.Errorf("%s: Zoom account %q given=%v, want %q given=%v", tc.name, o.ZoomAccountID, o.ZoomAccountGiven, tc.want, tc.wantGiven)
		}
	}
}
