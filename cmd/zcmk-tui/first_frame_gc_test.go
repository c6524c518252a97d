package main

import (
	"runtime/debug"
	"testing"
)

// gcPercent is the collector's current GOGC percentage.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// The wizard raises the collector's goal for its first frame and sets it
// back; a GOGC the admin set is left alone.
func TestFirstFrameGC(t *testing.T) {
	t.Setenv("GOGC", "")
	before := gcPercent()
	restore := firstFrameGC()
	if got := gcPercent(); got != firstFrameGCPercent {
		t.Errorf("during the first frame GOGC is %d, want %d", got, firstFrameGCPercent)
	}
	restore()
	restore() // the timer and the wizard's end may both call it
	if got := gcPercent(); got != before {
		t.Errorf("after the first frame GOGC is %d, want %d as before", got, before)
	}

	t.Setenv("GOGC", "100")
	restore = firstFrameGC()
	if got := gcPercent(); got != before {
		t.Errorf("with GOGC=100 in the environment GOGC became %d, want %d", got, before)
	}
	restore()
}
