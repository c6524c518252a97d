package setup

import (
	"context"
	"slices"
)

// orphans lists, in the primary Region, the keys this tool tagged for alias
// that are not the set's key (keyID): keys left by a run that lost a race
// with another or stopped before its alias was made. Nothing uses them.
func (e *Engine) orphans(ctx context.Context, region, alias, keyID string) ([]string, error) {
	if alias == "" {
		return nil, nil
	}
	k := e.cl.KMS(region)
	ids, err := k.ListMultiRegionKeyIDs(ctx)
	if err != nil {
		return nil, err
	}
	// The set's own key is no orphan: no need to read its tags.
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == keyID })
	tagged, err := e.taggedKeys(ctx, k, alias, ids, region)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range tagged {
		if t.KeyID != keyID {
			out = append(out, t.ARN)
		}
	}
	return out, nil
}

// addOrphans reports the unused keys tagged for the report's alias (as
// notes, and in Orphans); a failed lookup is a note too, never a failure.
func (rep *VerifyReport) addOrphans(arns []string, err error) {
	if err != nil {
		rep.addNote(msg("verify.orphans.lookup-failed", rep.Alias, oneLineMsg(errText(err))))
		return
	}
	rep.Orphans = arns
	for _, a := range arns {
		rep.addNote(orphanNote(rep.Alias, a))
	}
}
