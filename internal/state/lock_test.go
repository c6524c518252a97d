package state

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damage is one way a session file can be unusable.
type damage struct {
	name string
	make func(t *testing.T, path string) // leaves path damaged
}

var damages = []damage{
	{"truncated JSON", func(t *testing.T, path string) {
		writeFile(t, path, []byte(`{"version": 1, "keys": [{"region": "us-east-1", "arn": "arn:aws:kms:us-`))
	}},
	{"random bytes", func(t *testing.T, path string) {
		writeFile(t, path, []byte{0x8f, 0x00, 0xff, 0x13, 0x37, 'z', 0xc0, 0xde, '\n', 0x01})
	}},
	{"a directory", func(t *testing.T, path string) {
		if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
			t.Fatal(err)
		}
	}},
	{"unwritable directory", func(t *testing.T, path string) {
		writeFile(t, path, []byte(`{"version": 1}`+"\n"))
		if err := os.Chmod(filepath.Dir(path), 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Dir(path), 0o700) })
		if f, err := os.CreateTemp(filepath.Dir(path), "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("running as a user who can write anywhere (root): an unwritable directory cannot be made")
		}
	}},
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// snapshot is the bytes of a file, or the listing of a directory.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		return "missing: " + err.Error()
	}
	if fi.IsDir() {
		es, _ := os.ReadDir(path)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return "dir: " + strings.Join(names, ",")
	}
	b, _ := os.ReadFile(path)
	return string(b)
}

// Every kind of damage is found by Open, before anything else happens, and
// the file is left byte for byte as it was.
func TestOpenRefusesDamagedFileAndKeepsIt(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "zcmk-tui", "session.json")
			d.make(t, path)
			before := snapshot(t, path)
			s, l, err := Open(path, Holder("setup"), 0, nil)
			var se *Error
			if !errors.As(err, &se) {
				l.Release()
				t.Fatalf("Open = %+v, %v; want a *state.Error", s, err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--state-file") {
				t.Errorf("message does not name the file and --state-file:\n%v", err)
			}
			if d.name != "unwritable directory" && !strings.Contains(err.Error(), ".damaged") {
				t.Errorf("message does not offer moving the file aside:\n%v", err)
			}
			if after := snapshot(t, path); after != before {
				t.Errorf("file changed:\nbefore %q\nafter  %q", before, after)
			}
			// Load (verify, checklist) gives the same kind of error.
			if d.name != "unwritable directory" {
				if _, err := Load(path); !errors.As(err, &se) {
					t.Errorf("Load = %v, want a *state.Error", err)
				}
			}
		})
	}
}

func TestOpenNewFileAndLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "session.json")
	s, l, err := Open(path, Holder("setup"), 0, nil)
	if err != nil || s != nil {
		t.Fatalf("Open of a new file = %+v, %v", s, err)
	}
	defer l.Release()
	if b, _ := os.ReadFile(LockPath(path)); !bytes.HasPrefix(b, []byte("setup, pid ")) {
		t.Errorf("lock file says %q", b)
	}
	// A second run (another open file, as another process would have) waits
	// its bounded time and then refuses, naming the lock file and the holder.
	waited := ""
	_, l2, err := Open(path, Holder("setup"), 300*time.Millisecond, func(h string) { waited = h })
	var le *LockedError
	if !errors.As(err, &le) {
		l2.Release()
		t.Fatalf("second Open = %v, want a *LockedError", err)
	}
	if !strings.HasPrefix(waited, "setup, pid") {
		t.Errorf("onWait got %q", waited)
	}
	if !strings.Contains(err.Error(), LockPath(path)) || !strings.Contains(err.Error(), "setup, pid") {
		t.Errorf("message: %v", err)
	}
	// Released, the next run gets it.
	l.Release()
	_, l3, err := Open(path, Holder("setup"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	l3.Release()
}

// A wizard holds the session for its whole run: a setup refuses at once
// instead of waiting for it.
func TestOpenRefusesAtOnceWhileAWizardHoldsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	_, l, err := Open(path, Holder("wizard"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	called := false
	_, l2, err := Open(path, Holder("setup"), time.Hour, func(string) { called = true })
	var le *LockedError
	if !errors.As(err, &le) || called {
		l2.Release()
		t.Fatalf("Open while a wizard holds the file = %v (waited: %v), want an immediate *LockedError", err, called)
	}
	if !strings.Contains(err.Error(), "wizard, pid") {
		t.Errorf("message does not say a wizard holds it: %v", err)
	}
}

// A session file cut short is called damaged and cut short, not "not a
// zcmk-tui session", and the fix names the last good copy Save kept
// (issue 26).
func TestTruncatedSessionNamesTheBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.json")
	if err := Save(path, &Session{Alias: "alias/first"}); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, &Session{Alias: "alias/second"}); err != nil {
		t.Fatal(err)
	}
	bak, err := Load(BackupPath(path))
	if err != nil || bak == nil || bak.Alias != "alias/first" {
		t.Fatalf("backup after the second save: %+v, %v; want the first session", bak, err)
	}
	if fi, err := os.Stat(BackupPath(path)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v, %v", fi, err)
	}
	b, _ := os.ReadFile(path)
	writeFile(t, path, b[:len(b)/2])
	_, err = Load(path)
	msg := fmt.Sprint(err)
	for _, want := range []string{"damaged", "cut short", BackupPath(path), "cp " + BackupPath(path) + " " + path, ".damaged"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "not a zcmk-tui session") {
		t.Errorf("a file cut short is called not a session:\n%s", msg)
	}
	// A save over a damaged file keeps the good backup.
	if err := Save(path, &Session{Alias: "alias/third"}); err != nil {
		t.Fatal(err)
	}
	if bak, _ := Load(BackupPath(path)); bak == nil || bak.Alias != "alias/first" {
		t.Errorf("the damaged file replaced the good backup: %+v", bak)
	}
}
