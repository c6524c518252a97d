package setup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
)

// Decisions both faces (the wizard and the command line) make about a
// setup, made here once so that they cannot disagree: when a dry run may
// plan offline, when a plan leaves nothing to write, and which calls an
// interruption cut short.

// PlansOffline reports whether a failed identity check leaves a dry run to
// plan offline (OfflinePlan, for an account ID the admin gives): there are
// no usable credentials (none at all, expired ones, or a profile that
// gives none). Any other failure is said as it is.
func PlansOffline(identityErr error) bool {
	switch KindOf(identityErr) {
	case KindNoCredentials, KindExpired, KindProfile:
		return true
	}
	return false
}

// NothingToWrite reports whether p writes nothing when applied: a dry run,
// or a key set that is already as it should be. Then its result is the
// outcome, and no consent is asked.
func (p *Plan) NothingToWrite() bool { return p.DryRun || p.Changes() == 0 }

// CutCall is a key-creating call (CreateKey, ReplicateKey) an interruption
// cut short: AWS may have made the key all the same, so its outcome is
// unknown (a rerun finds such a key by its tag).
type CutCall struct {
	Action string // ActCreateKey or ActReplicate
	Call   string // the API call: "CreateKey" or "ReplicateKey"
	Region string
}

// InFlight follows Apply's events to know which key-creating calls an
// interruption cut short. Apply reports from several goroutines: Track may
// be called concurrently.
type InFlight struct {
	mu      sync.Mutex
	started map[string]bool // "region/action" started, not yet ended
	broken  []CutCall       // calls that ended because they were interrupted
}

// keyCalls names the API call behind each action whose outcome an
// interruption leaves unknown (the others are idempotent).
var keyCalls = map[string]string{ActCreateKey: "CreateKey", ActReplicate: "ReplicateKey"}

// Track notes one event of Apply.
func (f *InFlight) Track(ev Event) {
	call, ok := keyCalls[ev.Action]
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.started == nil {
		f.started = map[string]bool{}
	}
	id := ev.Region + "/" + ev.Action
	switch ev.Status {
	case StatusStarted:
		f.started[id] = true
	case StatusDone:
		delete(f.started, id)
	case StatusFailed:
		delete(f.started, id)
		// Cut short by the interruption, or ambiguous (the lookup after a
		// lost answer was interrupted): nobody knows whether KMS did it.
		switch {
		case errors.Is(ev.Err, context.Canceled), errors.Is(ev.Err, context.DeadlineExceeded),
			KindOf(ev.Err) == KindCanceled, KindOf(ev.Err) == KindAmbiguous:
			f.broken = append(f.broken, CutCall{Action: ev.Action, Call: call, Region: ev.Region})
		}
	}
}

// CutShort lists the key-creating calls an interruption cut short,
// including any still running when Apply returned, by call and Region.
func (f *InFlight) CutShort() []CutCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.broken)
	for id := range f.started {
		region, action, _ := strings.Cut(id, "/")
		out = append(out, CutCall{Action: action, Call: keyCalls[action], Region: region})
	}
	slices.SortFunc(out, func(a, b CutCall) int {
		return strings.Compare(a.Call+" in "+a.Region, b.Call+" in "+b.Region)
	})
	return out
}
