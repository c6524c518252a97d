package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// tokyoSession is a finished key set whose ARNs (84 columns, with a key ID
// as the emulator makes them) are wider than an 80-column screen.
func tokyoSession() *state.Session {
	arn := "arn:aws:kms:ap-northeast-1:111122223333:key/mrk-29b6ad83-dfe5-488a-a11f-62e995c8c90e"
	return &state.Session{Version: 1, AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk",
		PrimaryRegion: "ap-northeast-1", Replicas: []string{"ap-northeast-3"}, Step: "portal",
		Keys: []state.Key{{Region: "ap-northeast-1", Role: "primary", ARN: arn},
			{Region: "ap-northeast-3", Role: "replica", ARN: strings.Replace(arn, "ap-northeast-1", "ap-northeast-3", 1)}},
		Policy: zoom.BuildPolicy("aws", "111122223333", zoom.ZoomAccountID)}
}

// TestPortalVerifyAt80ColumnsNeverCutsAnARN: the verify panel at 80 and 60
// columns shows each ARN whole: broken after its "key/", the key ID whole
// on the next line (issue 26: at 60 columns it was split inside the key
// ID), never cut at the edge.
func TestPortalVerifyAt80ColumnsNeverCutsAnARN(t *testing.T) {
	for _, w := range []int{80, 60} {
		h := newHarness(t, &stubEngine{}, tokyoSession())
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		h.typ("v")
		h.wantView("ap-northeast-1 (Tokyo), primary")
		for _, k := range tokyoSession().Keys {
			if len(k.ARN) <= w {
				t.Fatalf("the test needs an ARN wider than the screen: %s", k.ARN)
			}
			cut := strings.LastIndex(k.ARN, "/") + 1
			want := k.ARN[:cut] + "\n" + k.ARN[cut:] + "\n"
			shows := func() bool {
				var b strings.Builder
				for _, l := range strings.Split(h.view(), "\n") {
					b.WriteString(strings.TrimRight(l, " ") + "\n")
				}
				return strings.Contains(b.String(), want)
			}
			for range 30 {
				if shows() {
					break
				}
				h.key(tea.KeyDown)
			}
			checkFits(t, h.view(), w, 24)
			if !shows() {
				t.Errorf("%d columns: the verify panel does not show %s whole (broken after key/):\n%s", w, k.ARN, h.view())
			}
		}
	}
}
