package setup

import (
	"time"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// Record writes the outcome of a setup into the session: account, alias,
// Regions, ARNs and policy, and the setup time when something changed (or
// none was known). Wizard progress and checklist ticks are left as they are.
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
	if r.PolicyDoc != "" {
		s.Policy = r.PolicyDoc
	}
	if s.SetupAt.IsZero() || r.Changed {
		s.SetupAt = now.UTC().Truncate(time.Second)
	}
}
