package ui

import (
	"slices"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/setup"
)

// The existing key of step 2: what the engine read of it (its replica
// Regions), so that the replica list shows the Regions where the key
// already has a replica as such, ticked, before anything is planned.

// lookedUp is the engine's answer for the existing key ref in region.
type lookedUp struct {
	ref, region string
	key         *setup.ExistingKey
}

// needsLookup reports whether the existing key chosen in step 2 is still
// to be read: the first time it is given (with its Region), not again
// when the admin goes back and forward with the same key, and never in a
// dry run without credentials (no AWS call at all).
func (f *flow) needsLookup() bool {
	if f.mode != modeExisting || f.existing == "" || f.offline {
		return false
	}
	return f.looked == nil || f.looked.ref != f.existing || f.looked.region != f.primary
}

// recordExistingKey records what the engine read of the existing key and
// ticks its replicas (besides what was ticked for this primary before; the
// usual partner when the key has no replica yet).
func (f *flow) recordExistingKey(ref, region string, k *setup.ExistingKey) {
	f.looked = &lookedUp{ref: ref, region: region, key: k}
	var sel []string
	if f.replicasFor == region {
		sel = slices.Clone(f.replicas)
	}
	for _, r := range k.Replicas {
		if !slices.Contains(sel, r) {
			sel = append(sel, r)
		}
	}
	if len(sel) == 0 {
		if p := f.partner(); p != "" {
			sel = []string{p}
		}
	}
	f.replicas, f.replicasFor = sel, region
}

// lookedReplicas are the existing key's replica Regions as the engine read
// them, when the key chosen now is the one read.
func (f *flow) lookedReplicas() ([]string, bool) {
	l := f.looked
	if f.mode != modeExisting || l == nil || l.ref != f.existing || l.region != f.primary {
		return nil, false
	}
	return l.key.Replicas, true
}

// The alias of step 3: a new key is planned under it unless it already
// names a key set in the primary Region (made by an earlier run, or by
// hand). The engine reads it before the questions that only a new key
// needs, so that step 3 says which key it is and does not ask them.

// needsAliasLookup reports whether the alias of step 3 is still to be read
// in the primary Region: for a new key only (a key kept or typed in is
// known), once per alias and Region, and never in a dry run without
// credentials (no AWS call at all).
func (f *flow) needsAliasLookup() bool {
	if f.keyInUse() != useNew || f.existing != "" || f.offline {
		return false
	}
	l := f.aliasLooked
	return l == nil || l.ref != f.alias || l.region != f.primary
}

// settleAlias reads the alias typed in: trimmed, the default when empty.
func (f *flow) settleAlias() {
	f.alias = strings.TrimSpace(f.alias)
	f.keyDefaults()
}

// recordAlias records what the engine read of alias in region: the key
// set it names, or nil.
func (f *flow) recordAlias(alias, region string, k *setup.ExistingKey) {
	f.aliasLooked = &lookedUp{ref: alias, region: region, key: k}
}

// aliasKey is the key set the alias of step 3 names in the primary Region,
// when the engine read one for a new key: the plan uses it, no new key is
// made.
func (f *flow) aliasKey() *setup.ExistingKey {
	l := f.aliasLooked
	if l == nil || f.keyInUse() != useNew || f.existing != "" || l.ref != f.alias || l.region != f.primary {
		return nil
	}
	return l.key
}
