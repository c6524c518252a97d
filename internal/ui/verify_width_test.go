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

// TestPortalVerifyAt80ColumnsNeverCutsAnARN: the verify panel at 80 columns
// shows each ARN whole (its last columns on the next line), never cut at
// the edge.
func TestPortalVerifyAt80ColumnsNeverCutsAnARN(t *testing.T) {
	h := newHarness(t, &stubEngine{}, tokyoSession())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.typ("v")
	h.wantView("ap-northeast-1 (Tokyo), primary")
	for _, k := range tokyoSession().Keys {
		if len(k.ARN) <= 80 {
			t.Fatalf("the test needs an ARN wider than the screen: %s", k.ARN)
		}
		want := k.ARN[:80] + "\n" + k.ARN[80:] + " "
		for range 30 {
			if strings.Contains(h.view(), want) {
				break
			}
			h.key(tea.KeyDown)
		}
		checkFits(t, h.view(), 80, 24)
		if !strings.Contains(h.view(), want) {
			t.Errorf("the verify panel does not show %s whole (wrapped at 80 columns):\n%s", k.ARN, h.view())
		}
	}
}
