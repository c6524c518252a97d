package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "session.json")
	s := &Session{AccountID: "123456789012", Partition: "aws", PrimaryRegion: "ap-northeast-1",
		Keys:  []Key{{Region: "ap-northeast-1", Role: "primary", KeyID: "mrk-1", ARN: "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1"}},
		Ticks: map[string]bool{"paste-arns": true}}
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", di.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.PrimaryARN() != s.Keys[0].ARN || !got.Ticks["paste-arns"] || got.Version != FormatVersion || got.UpdatedAt.IsZero() {
		t.Errorf("loaded %+v", got)
	}
	// Overwrite keeps the mode and replaces the content.
	got.AccountID = "210987654321"
	if err := Save(path, got); err != nil {
		t.Fatal(err)
	}
	again, _ := Load(path)
	if again.AccountID != "210987654321" {
		t.Errorf("after overwrite: %+v", again)
	}
}

func TestLoadMissingAndBroken(t *testing.T) {
	dir := t.TempDir()
	s, err := Load(filepath.Join(dir, "none.json"))
	if s != nil || err != nil {
		t.Errorf("missing file: %v %v", s, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "move it aside") {
		t.Errorf("broken file: %v", err)
	}
	newer := filepath.Join(dir, "newer.json")
	os.WriteFile(newer, []byte(`{"version": 99}`), 0o600)
	if _, err := Load(newer); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer format: %v", err)
	}
}

func TestDefaultPathHonoursXDG(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/tmp/xdg-state")
	p, err := DefaultPath()
	if err != nil || p != "/tmp/xdg-state/zcmk-tui/session.json" {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	t.Setenv("HOME", "/home/admin")
	if p, _ := DefaultPath(); !strings.HasPrefix(p, "/home/admin/") {
		t.Errorf("relative XDG_STATE_HOME must be ignored: %q", p)
	}
}
