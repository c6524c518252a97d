package ui

import (
	"slices"

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
