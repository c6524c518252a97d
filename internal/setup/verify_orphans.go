package setup

import (
	"context"
	"slices"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// orphans lists, in the primary Region, the keys this tool tagged for alias
// that are not the set's key (keyID): keys left by a run that lost a race
// with another or stopped before its alias was made. Nothing uses them.
// Found with the Tagging API (tagged.go): no call per key in the account;
// note is the slower-run note when it had to fall back to the scan.
func (e *Engine) orphans(ctx context.Context, region, alias, keyID string) (arns []string, note *i18n.Msg, err error) {
	if alias == "" {
		return nil, nil, nil
	}
	k := e.cl.KMS(region)
	look, err := e.lookTagged(ctx, region, alias)
	if err != nil {
		return nil, look.note, err
	}
	// The set's own key is no orphan: no need to read its tags.
	ids := slices.DeleteFunc(look.ids, func(id string) bool { return id == keyID })
	tagged, err := e.taggedKeys(ctx, k, alias, ids, region)
	if err != nil {
		return nil, look.note, err
	}
	var out []string
	for _, t := range tagged {
		if t.KeyID != keyID {
			out = append(out, t.ARN)
		}
	}
	return out, look.note, nil
}

// addOrphans reports the unused keys tagged for the report's alias (as
// notes, and in Orphans); a failed lookup is a note too, never a failure.
func (rep *VerifyReport) addOrphans(arns []string, note *i18n.Msg, err error) {
	if note != nil {
		rep.addNote(*note)
	}
	if err != nil {
		rep.addNote(msg("verify.orphans.lookup-failed", rep.Alias, oneLineMsg(errText(err))))
		return
	}
	rep.Orphans = arns
	for _, a := range arns {
		rep.addNote(orphanNote(rep.Alias, a))
	}
}
