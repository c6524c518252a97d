//go:build unix

package state

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A lock file that is a link (to a file, to nothing, or a hard link) or
// holds something else is never opened, emptied or written: Open refuses
// with an *Error and everything stays as it was.
func TestOpenNeverWritesAFileItDidNotMake(t *testing.T) {
	const victimText = "important = yes\nkeep = this\n"
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, lockPath, victim string)
	}{
		{"symlink to a file", func(t *testing.T, lockPath, victim string) {
			writeFile(t, victim, []byte(victimText))
			must(t, os.Symlink(victim, lockPath))
		}},
		{"dangling symlink", func(t *testing.T, lockPath, victim string) {
			must(t, os.Symlink(victim, lockPath))
		}},
		{"hard link", func(t *testing.T, lockPath, victim string) {
			writeFile(t, victim, []byte(victimText))
			must(t, os.Link(victim, lockPath))
		}},
		{"another file", func(t *testing.T, lockPath, victim string) {
			writeFile(t, lockPath, []byte(victimText))
		}},
		{"a directory", func(t *testing.T, lockPath, victim string) {
			must(t, os.Mkdir(lockPath, 0o700))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "session.json")
			victim := filepath.Join(dir, "victim.conf")
			tc.plant(t, LockPath(path), victim)
			_, l, err := Open(path, Holder("setup"), 0, nil)
			if err == nil {
				l.Release()
				t.Fatal("Open took a lock file it did not make")
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("want *Error, got %T %v", err, err)
			}
			if b, err := os.ReadFile(victim); tc.name == "dangling symlink" {
				if err == nil {
					t.Fatalf("the dangling link's target was created: %q", b)
				}
			} else if tc.name != "another file" && tc.name != "a directory" && string(b) != victimText {
				t.Fatalf("victim changed: %q", b)
			}
			if tc.name == "another file" {
				if b, _ := os.ReadFile(LockPath(path)); string(b) != victimText {
					t.Fatalf("the file in the lock's place changed: %q", b)
				}
			}
		})
	}
}

// A lock file this tool made (empty, or with a holder line) is taken again,
// and the new holder line replaces the old one.
func TestOpenTakesItsOwnLockFileAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	for _, before := range []string{"", "wizard, pid 99999, since 10:11:12 UTC\n"} {
		writeFile(t, LockPath(path), []byte(before))
		_, l, err := Open(path, "setup, pid 1, since 01:02:03 UTC", 0, nil)
		if err != nil {
			t.Fatalf("lock %q: %v", before, err)
		}
		l.Release()
		if b, _ := os.ReadFile(LockPath(path)); string(b) != "setup, pid 1, since 01:02:03 UTC\n" {
			t.Fatalf("lock file holds %q", b)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
