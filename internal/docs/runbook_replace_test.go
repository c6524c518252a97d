//go:build unix

package docs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Replacing a runbook writes a new 0600 file renamed over the path: a
// world-readable old file does not stay world-readable, and the new file is
// whole.
func TestReplaceRunbookIsANew0600File(t *testing.T) {
	p := filepath.Join(t.TempDir(), "runbook.md")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := WriteRunbookAs(p, "new runbook\n", WriteReplace)
	if err != nil || got != p {
		t.Fatalf("WriteRunbookAs: %q %v", got, err)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
		t.Errorf("mode %v, want a regular file 0600", fi.Mode())
	}
	if b, _ := os.ReadFile(p); string(b) != "new runbook\n" {
		t.Errorf("content %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".zcmk-tui-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A symbolic link in the runbook's place is never written through, with or
// without a target, and says where it points; naming the target replaces
// the target.
func TestReplaceRunbookRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.conf")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{victim, filepath.Join(dir, "nothing-here")} {
		link := filepath.Join(dir, "runbook-"+filepath.Base(target)+".md")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		_, err := WriteRunbookAs(link, "runbook\n", WriteReplace)
		var pe *RunbookPathError
		if !errors.As(err, &pe) || pe.Reason != rbSymlink {
			t.Fatalf("%s: want a symlink refusal, got %v", link, err)
		}
		if msg := English.Printer().Err(err); !strings.Contains(msg, link) || !strings.Contains(msg, target) {
			t.Errorf("the message does not name the link and its target: %q", msg)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v %v", fi, err)
		}
		for _, mode := range []WriteMode{WriteNew} {
			if _, err := WriteRunbookAs(link, "runbook\n", mode); err == nil {
				t.Errorf("mode %d wrote through the link", mode)
			}
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Fatalf("the link's target changed: %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nothing-here")); err == nil {
		t.Fatal("the dangling link's target was created")
	}
	if _, err := WriteRunbookAs(victim, "runbook\n", WriteReplace); err != nil {
		t.Fatalf("naming the target: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "runbook\n" {
		t.Fatalf("the named target was not replaced: %q", b)
	}
}
