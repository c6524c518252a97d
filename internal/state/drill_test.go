package state

import (
	"path/filepath"
	"testing"
	"time"
)

func TestDrillInProgressThenClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	started := time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC)
	d := &Drill{StartedAt: started, Deadline: started.Add(10 * time.Minute), Who: "arn:aws:iam::123456789012:user/ops", Scope: "all",
		Regions: []DrillRegion{{Region: "us-east-1", Role: "primary", KeyID: "mrk-1", ARN: "arn:aws:kms:us-east-1:123456789012:key/mrk-1"}}}
	s := &Session{AccountID: "123456789012"}
	s.SetDrill(d)
	d.Regions[0].Region = "changed after SetDrill" // SetDrill keeps a copy
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a := got.ActiveDrill()
	if a == nil || a.Regions[0].Region != "us-east-1" || !a.StartedAt.Equal(started) || a.Who == "" || got.LastDrill != nil {
		t.Fatalf("in progress: %+v last %+v", got.Drill, got.LastDrill)
	}

	// A failed restore stays in progress; a restored drill moves to LastDrill.
	a.Outcome = DrillRestoreFailed
	got.SetDrill(a)
	if got.ActiveDrill() == nil {
		t.Error("a failed restore is no longer in progress")
	}
	a.Outcome, a.EndedAt = DrillRestored, started.Add(5*time.Minute)
	got.SetDrill(a)
	if got.ActiveDrill() != nil || got.Drill != nil || got.LastDrill == nil || got.LastDrill.Outcome != DrillRestored {
		t.Errorf("closed: drill %+v last %+v", got.Drill, got.LastDrill)
	}
	var none *Session
	if none.ActiveDrill() != nil {
		t.Error("a missing session has a drill")
	}
}
