package flow

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

// The existing key of step 2: what the engine read of it (its replica
// Regions), so that the replica list shows the Regions where the key
// already has a replica as such, ticked, before anything is planned.

// LookedUp is the engine's answer for the existing key ref in region.
type LookedUp struct {
	Ref, Region string
	Key         *setup.ExistingKey
}

// NeedsLookup reports whether the existing key chosen in step 2 is still
// to be read: the first time it is given (with its Region), not again
// when the admin goes back and forward with the same key, and never in a
// dry run without credentials (no AWS call at all).
func (f *Flow) NeedsLookup() bool {
	if f.Mode != ModeExisting || f.Existing == "" || f.Offline {
		return false
	}
	return f.looked == nil || f.looked.Ref != f.Existing || f.looked.Region != f.Primary
}

// RecordExistingKey records what the engine read of the existing key and
// ticks its replicas (besides what was ticked for this primary before; the
// usual partner when the key has no replica yet).
func (f *Flow) RecordExistingKey(ref, region string, k *setup.ExistingKey) {
	f.looked = &LookedUp{Ref: ref, Region: region, Key: k}
	var sel []string
	if f.replicasFor == region {
		sel = slices.Clone(f.Replicas)
	}
	for _, r := range k.Replicas {
		if !slices.Contains(sel, r) {
			sel = append(sel, r)
		}
	}
	if len(sel) == 0 {
		if p := f.Partner(); p != "" {
			sel = []string{p}
		}
	}
	f.Replicas, f.replicasFor = sel, region
}

// LookedReplicas are the existing key's replica Regions as the engine read
// them, when the key chosen now is the one read.
func (f *Flow) LookedReplicas() ([]string, bool) {
	l := f.looked
	if f.Mode != ModeExisting || l == nil || l.Ref != f.Existing || l.Region != f.Primary {
		return nil, false
	}
	return l.Key.Replicas, true
}

// The alias of step 3: a new key is planned under it unless it already
// names a key set in the primary Region (made by an earlier run, or by
// hand). The engine reads it before the questions that only a new key
// needs, so that step 3 says which key it is and does not ask them.

// NeedsAliasLookup reports whether the alias of step 3 is still to be read
// in the primary Region: for a new key only (a key kept or typed in is
// known), once per alias and Region, and never in a dry run without
// credentials (no AWS call at all).
func (f *Flow) NeedsAliasLookup() bool {
	if f.KeyInUse() != useNew || f.Existing != "" || f.Offline {
		return false
	}
	l := f.aliasLooked
	return l == nil || l.Ref != f.Alias || l.Region != f.Primary
}

// SettleAlias reads the alias typed in: trimmed, the default when empty.
func (f *Flow) SettleAlias() {
	f.Alias = strings.TrimSpace(f.Alias)
	f.KeyDefaults()
}

// RecordAlias records what the engine read of alias in region: the key
// set it names, or nil.
func (f *Flow) RecordAlias(alias, region string, k *setup.ExistingKey) {
	f.aliasLooked = &LookedUp{Ref: alias, Region: region, Key: k}
}

// AliasKey is the key set the alias of step 3 names in the primary Region,
// when the engine read one for a new key: the plan uses it, no new key is
// made.
func (f *Flow) AliasKey() *setup.ExistingKey {
	l := f.aliasLooked
	if l == nil || f.KeyInUse() != useNew || f.Existing != "" || l.Ref != f.Alias || l.Region != f.Primary {
		return nil
	}
	return l.Key
}
