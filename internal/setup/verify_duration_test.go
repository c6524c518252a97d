package setup

import (
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
)

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{7 * 24 * time.Hour, "7d"},
		{36 * time.Hour, "36h"},
		{90 * time.Minute, "1h30m"},
		{10 * time.Minute, "10m"},
		{30 * time.Second, "30s"},
		{20 * time.Second, "20s"},
		{90 * time.Second, "1m30s"},
	} {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// A replica with no Zoom calls of its own is ok only when the primary's
// history shows Zoom's KMS calls, counted the same way as in each Region.
func TestPrimaryHasZoomEventsCountsKMSCallsOnly(t *testing.T) {
	v := &evaluator{o: VerifyOptions{ZoomAccountID: "409910850980"}, primary: &regionData{}}
	if v.primaryHasZoomEvents() {
		t.Fatal("no trail: want false")
	}
	v.primary.trail = &awsx.KeyEvents{Events: []awsx.TrailEvent{{AccountID: "409910850980", Source: "cloudtrail.amazonaws.com"}}}
	if v.primaryHasZoomEvents() {
		t.Error("a non-KMS event by Zoom's account counted as a Zoom KMS call")
	}
	v.primary.trail.Events = append(v.primary.trail.Events, awsx.TrailEvent{AccountID: "409910850980", Source: "kms.amazonaws.com", Name: "Decrypt"})
	if !v.primaryHasZoomEvents() {
		t.Error("Zoom's Decrypt not counted")
	}
}
