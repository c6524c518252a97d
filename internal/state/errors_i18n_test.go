package state

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// The session file's errors carry messages: Error() (logs, JSON) is the
// English text as it always read, byte for byte, and the faces render the
// same error in Japanese, with no id left unrendered.
func TestSessionErrorsSayThemselvesInEveryLanguage(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	fixMoveAside := func(path string) string {
		return "move it aside to start a new session (mv " + path + " " + path + ".damaged), or use another file with --state-file PATH"
	}
	cases := []struct {
		name string
		err  func() error
		en   string
		ja   string // a part of the Japanese text
	}{
		{"directory", func() error {
			if err := os.Mkdir(p("dir.json"), 0o700); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p("dir.json"))
			return err
		}, "session file " + p("dir.json") + ": there is a directory in its place; it was left as it is and nothing was sent to AWS\n  fix: " + fixMoveAside(p("dir.json")),
			"ファイルの場所にディレクトリがあります"},
		{"cut short, with the last good copy", func() error {
			writeFile(t, p("cut.json"), []byte(`{"version": 1, "ke`))
			writeFile(t, BackupPath(p("cut.json")), []byte(`{"version": 1}`))
			_, err := Load(p("cut.json"))
			return err
		}, "session file " + p("cut.json") + ": is damaged: it was cut short (it ends in the middle, e.g. the disk filled up or a copy stopped); it was left as it is and nothing was sent to AWS\n" +
			"  fix: the last good copy (one save earlier) is " + p("cut.json") + ".bak: set the damaged file aside and restore it (mv " + p("cut.json") + " " + p("cut.json") + ".damaged && cp " +
			p("cut.json") + ".bak " + p("cut.json") + "); or start a new session (mv alone), or use another file with --state-file PATH",
			"途中で切れています"},
		{"not a session", func() error {
			writeFile(t, p("list.json"), []byte(`[1]`))
			_, err := Load(p("list.json"))
			return err
		}, "session file " + p("list.json") + ": is damaged: not a zcmk-tui session (json: cannot unmarshal array into Go value of type state.Session); it was left as it is and nothing was sent to AWS\n  fix: " + fixMoveAside(p("list.json")),
			"zcmk-tui のセッションではありません (json: cannot unmarshal"},
		{"newer", func() error {
			writeFile(t, p("new.json"), []byte(`{"version": 999}`))
			_, err := Load(p("new.json"))
			return err
		}, "session file " + p("new.json") + ": was written by a newer zcmk-tui (format 999); it was left as it is and nothing was sent to AWS\n  fix: upgrade zcmk-tui, or use another file with --state-file PATH",
			"新しい zcmk-tui (形式 999)"},
		{"lock file a symbolic link", func() error {
			if err := os.Symlink(p("elsewhere"), LockPath(p("link.json"))); err != nil {
				t.Fatal(err)
			}
			_, _, err := Open(p("link.json"), Holder("setup"), 0, nil)
			return err
		}, "session file " + p("link.json") + ": its lock file " + p("link.json") + ".lock is not one zcmk-tui made (it is a symbolic link); it was left as it is and nothing was sent to AWS\n" +
			"  fix: look at " + p("link.json") + ".lock and move it aside (mv " + p("link.json") + ".lock " + p("link.json") + ".lock.moved), or use another file with --state-file PATH",
			"シンボリックリンクです"},
		{"held, waited", func() error {
			return &LockedError{Path: p("s.json"), LockPath: LockPath(p("s.json")), Holder: "setup, pid 7, since 12:01:02 UTC", Waited: 2 * time.Minute}
		}, "another zcmk-tui (setup, pid 7, since 12:01:02 UTC) is using the session file " + p("s.json") + " (lock file " + p("s.json") + ".lock) and did not finish within 2m0s; nothing was sent to AWS\n" +
			"  fix: wait until it has finished and run this again (it will change only what is still missing), or use another file with --state-file PATH",
			"2m0s 待っても終わりませんでした"},
		{"held", func() error {
			return &LockedError{Path: p("s.json"), LockPath: LockPath(p("s.json"))}
		}, "another zcmk-tui is using the session file " + p("s.json") + " (lock file " + p("s.json") + ".lock); nothing was sent to AWS\n" +
			"  fix: wait until it has finished and run this again (it will change only what is still missing), or use another file with --state-file PATH",
			"別の zcmk-tui がセッションファイル"},
	}
	ja := i18n.NewPrinter(i18n.Japanese)
	for _, tc := range cases {
		err := tc.err()
		var se *Error
		var le *LockedError
		if !errors.As(err, &se) && !errors.As(err, &le) {
			t.Fatalf("%s: %v is not a session file error", tc.name, err)
		}
		if err.Error() != tc.en {
			t.Errorf("%s: English\n%q\nwant\n%q", tc.name, err.Error(), tc.en)
		}
		got := ja.Err(err)
		if !strings.Contains(got, tc.ja) || !strings.Contains(got, "対処: ") || strings.Contains(got, "!") || strings.Contains(got, "nothing was sent") {
			t.Errorf("%s: Japanese %q, want it with %q", tc.name, got, tc.ja)
		}
	}
}
