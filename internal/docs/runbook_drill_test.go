package docs

import (
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// The runbook says what the drill's safety net was and how to remove its
// role, or that the admin accepted a drill without it (issue 23).
func TestRunbookDrillNet(t *testing.T) {
	at := time.Date(2026, 12, 7, 12, 12, 0, 0, time.UTC)
	withNet := &state.Drill{ID: "d1", StartedAt: at.Add(-12 * time.Minute), Scope: "replicas", Outcome: state.DrillRestored,
		Regions: []state.DrillRegion{{Region: "us-west-2", Role: "replica"}},
		Net: &state.DrillNet{RoleARN: "arn:aws:iam::123456789012:role/zcmk-tui-drill-net-1a2b3c4d", RolePolicy: "zcmk-tui-enable-key", At: at, Removed: true,
			Schedules: []state.DrillSchedule{{Region: "us-west-2", Name: "zcmk-tui-drill-d1", ARN: "arn:aws:scheduler:us-west-2:123456789012:schedule/default/zcmk-tui-drill-d1"}}}}
	without := &state.Drill{ID: "d2", StartedAt: at, Scope: "replicas", Outcome: state.DrillRestored, WithoutNet: true,
		NetProblem: "EventBridge Scheduler cannot be used in us-west-2", Regions: []state.DrillRegion{{Region: "us-west-2", Role: "replica"}}}
	for _, tc := range []struct {
		d    *state.Drill
		lang i18n.Lang
		want []string
	}{
		{withNet, i18n.English, []string{"Safety net", "2026-12-07T12:12:00Z", "removed when the drill ended", "schedule/default/zcmk-tui-drill-d1",
			"aws iam delete-role-policy --role-name zcmk-tui-drill-net-1a2b3c4d --policy-name zcmk-tui-enable-key && aws iam delete-role --role-name zcmk-tui-drill-net-1a2b3c4d"}},
		{withNet, i18n.Japanese, []string{"セーフティネット", "ドリルの終了時に削除しました", "aws iam delete-role --role-name zcmk-tui-drill-net-1a2b3c4d"}},
		{without, i18n.English, []string{"Without the safety net, as the admin accepted: EventBridge Scheduler cannot be used in us-west-2"}},
	} {
		rb := Runbook(CatalogueFor(tc.lang), Record{Session: &state.Session{LastDrill: tc.d}, Now: at})
		for _, w := range tc.want {
			if !strings.Contains(rb, w) {
				t.Errorf("%s: the runbook lacks %q:\n%s", tc.lang, w, rb)
			}
		}
	}
}
