package setup

import (
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// Record writes the outcome of a setup into the session: account, alias,
// Regions, ARNs and policy, every policy repaired (before and after), and
// the setup time when something changed (or none was known). Wizard progress and checklist ticks are left as they are.
func (r *Result) Record(s *state.Session, profile string, now time.Time) {
	s.AccountID, s.Partition, s.Alias, s.ZoomAccountID = r.AccountID, r.Partition, r.Alias, r.ZoomAccountID
	s.Profile = profile
	s.Replicas, s.Keys = nil, nil
	for _, k := range r.Keys {
		if k.Role == RolePrimary {
			s.PrimaryRegion = k.Region
		} else {
			s.Replicas = append(s.Replicas, k.Region)
		}
		s.Keys = append(s.Keys, state.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN})
	}
	for _, k := range r.Keys {
		if k.PolicyBefore == "" {
			continue
		}
		after, read := k.ReadPolicy, k.ReadPolicy != ""
		if !read {
			after = k.PolicyWritten
		}
		s.PolicyRepairs = append(s.PolicyRepairs, state.PolicyRepair{At: now.UTC().Truncate(time.Second), Region: k.Region,
			Role: k.Role, Before: k.PolicyBefore, After: after, ReadBack: read})
	}
	if r.PolicyDoc != "" {
		s.Policy = r.PolicyDoc
	}
	r.recordAlerts(s, now)
	if s.SetupAt.IsZero() || r.Changed {
		s.SetupAt = now.UTC().Truncate(time.Second)
	}
}
