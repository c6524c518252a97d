package docs

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestCheckRunbookPathDoesNotWaitOnAPipe: a named pipe in the runbook's
// place is a file that is there (the admin is asked), not opened: opening
// it would wait for a reader for ever.
func TestCheckRunbookPathDoesNotWaitOnAPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	p := filepath.Join(t.TempDir(), "pipe.md")
	if err := mkfifo(p); err != nil {
		t.Skip(err)
	}
	done := make(chan bool, 1)
	go func() {
		exists, err := CheckRunbookPath(p)
		done <- exists && err == nil
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Error("a pipe in the runbook's place is not reported as a file that is there")
		}
	case <-time.After(time.Minute):
		t.Fatal("CheckRunbookPath is blocked on the pipe")
	}
}
