package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// en renders the English text of the errors (Error(): logs and JSON), from
// the catalogue the faces render them from in the session's language.
var en = i18n.NewPrinter(i18n.English)

func msg(id string, args ...any) i18n.Msg { return i18n.Msg{ID: id, Args: args} }

// withFix is an error's summary and fix as one message.
func withFix(summary, fix i18n.Msg) i18n.Msg { return msg("aws.err.with-fix", summary, fix) }

// Error is a session file that cannot be used as it is: damaged, unreadable,
// a directory, or in a directory that cannot be written. Nothing was sent to
// AWS and the file was left exactly as it was. Its texts are messages (any
// language); Error() is English.
type Error struct {
	Path    string
	Problem i18n.Msg // what is wrong, in plain words
	Fix     i18n.Msg // what to do about it
	Err     error
}

func (e *Error) Error() string { return en.M(e.Localized()) }

// Summary is the error without its fix.
func (e *Error) Summary() i18n.Msg { return msg("state.err.summary", e.Path, e.Problem) }

// Localized is the error with its fix, for any language.
func (e *Error) Localized() i18n.Msg { return withFix(e.Summary(), e.Fix) }

func (e *Error) Unwrap() error { return e.Err }

// damaged builds the Error of a file that is there but cannot be read as a
// session: it is kept, and the fix offers moving it aside or another file.
func damaged(path string, problem i18n.Msg, err error) *Error {
	fix := msg("state.fix.damaged", shellQuote(path), shellQuote(path))
	if fi, serr := os.Stat(BackupPath(path)); serr == nil && fi.Mode().IsRegular() {
		// The copy Save kept one save earlier: the way back to the session.
		fix = msg("state.fix.damaged-backup", BackupPath(path), shellQuote(path), shellQuote(path), shellQuote(BackupPath(path)), shellQuote(path))
	}
	return &Error{Path: path, Problem: msg("state.err.left", problem), Err: err, Fix: fix}
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@~", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// LockedError is returned when another zcmk-tui holds the session file.
type LockedError struct {
	Path     string // the session file
	LockPath string // the lock file
	Holder   string // who holds it, as that run wrote it ("setup, pid 123, since ..."), or ""
	Waited   time.Duration
}

func (e *LockedError) Error() string { return en.M(e.Localized()) }

// Summary is the error without its fix.
func (e *LockedError) Summary() i18n.Msg {
	who := msg("state.err.locked.another")
	if e.Holder != "" {
		who = msg("state.err.locked.holder", e.Holder)
	}
	if e.Waited > 0 {
		return msg("state.err.locked-waited", who, e.Path, e.LockPath, e.Waited.Round(time.Second))
	}
	return msg("state.err.locked", who, e.Path, e.LockPath)
}

// Fix says what to do about it.
func (e *LockedError) Fix() i18n.Msg { return msg("state.fix.locked") }

// Localized is the error with its fix, for any language.
func (e *LockedError) Localized() i18n.Msg { return withFix(e.Summary(), e.Fix()) }

// Lock is an exclusive hold on a session file, taken by a run that may write
// to AWS (setup, the wizard) and kept until it ends. It lives in a file of its
// own next to the session file, because saving replaces the session file.
type Lock struct {
	f    *os.File
	path string
}

// LockPath is the lock file of the session file path.
func LockPath(path string) string { return path + ".lock" }

// Holder describes a run for the lock file, e.g. "setup, pid 123, since 12:01:02 UTC".
func Holder(what string) string {
	return fmt.Sprintf("%s, pid %d, since %s", what, os.Getpid(), time.Now().UTC().Format("15:04:05 MST"))
}

// Release lets another run have the session file. It is safe to call twice.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = unlockFile(l.f)
	_ = l.f.Close()
	l.f = nil
}

// Open makes sure a run can keep its session before it changes anything in
// AWS: it creates the state directory and proves that it can write there,
// takes the lock (waiting up to wait for another run that holds it, unless
// that run is a wizard or a drill, which hold it for long), then reads
// and parses the session file. A missing file gives a nil Session. A damaged
// file is an *Error and is never touched; a held lock is a *LockedError.
// onWait, if not nil, is called once when the run starts waiting.
func Open(path, holder string, wait time.Duration, onWait func(holder string)) (*Session, *Lock, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, nil, damaged(path, msg("state.err.directory"), nil)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, unwritable(path, dir, err)
	}
	probe, err := os.CreateTemp(dir, ".session-*.tmp")
	if err != nil {
		return nil, nil, unwritable(path, dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())

	lockPath := LockPath(path)
	f, err := openLockFile(path, lockPath)
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return nil, nil, se
		}
		return nil, nil, unwritable(path, dir, err)
	}
	deadline := time.Now().Add(wait)
	waiting := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, nil, &Error{Path: path, Problem: msg("state.err.cannot-lock", err), Err: err,
				Fix: msg("state.fix.cannot-lock")}
		}
		if ok {
			break
		}
		h := readHolder(f)
		// A wizard holds the file for as long as it is open, a drill for
		// up to an hour: waiting for them helps nobody.
		if strings.HasPrefix(h, "wizard") || strings.HasPrefix(h, "drill") || !time.Now().Before(deadline) {
			f.Close()
			le := &LockedError{Path: path, LockPath: lockPath, Holder: h}
			if waiting {
				le.Waited = wait
			}
			return nil, nil, le
		}
		if !waiting && onWait != nil {
			onWait(h)
		}
		waiting = true
		time.Sleep(100 * time.Millisecond)
	}
	l := &Lock{f: f, path: lockPath}
	// The file is one this tool made (openLockFile checked): the holder
	// line replaces the last run's.
	line := []byte(holder + "\n")
	if _, err := f.WriteAt(line, 0); err == nil {
		_ = f.Truncate(int64(len(line)))
	}
	s, err := Load(path)
	if err != nil {
		l.Release()
		return nil, nil, err
	}
	return s, l, nil
}

func unwritable(path, dir string, err error) *Error {
	return &Error{Path: path, Err: err, Problem: msg("state.err.unwritable", dir, rootErr(err)), Fix: msg("state.fix.unwritable")}
}

func rootErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func readHolder(f *os.File) string {
	b := make([]byte, maxLockSize)
	n, _ := f.ReadAt(b, 0)
	h := strings.TrimSpace(string(b[:n]))
	if len(h) > 200 {
		h = h[:200]
	}
	return h
}

// maxLockSize is more than any holder line this tool writes.
const maxLockSize = 512

// holderRE is a holder line as Holder writes it ("setup, pid 123, since 12:01:02 UTC").
// (Compiled at its first use, not at every start.)
var holderRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z][a-z -]*, pid [0-9]+, since [0-9:]+ [A-Z]+\n?$`)
})

// openLockFile opens the lock file of the session file path for reading and
// writing, creating it (0600) when it is missing. It never follows a
// symbolic link (not even a dangling one: its target is not created) and
// never takes a file this tool did not make: the lock must be a regular
// file with one link, empty or holding a holder line. Anything else is an
// *Error and the file is left as it is.
func openLockFile(path, lockPath string) (*os.File, error) {
	if isSymlink(lockPath) {
		return nil, notOurLock(path, lockPath, "symlink", nil)
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		if isSymlink(lockPath) {
			return nil, notOurLock(path, lockPath, "symlink", err)
		}
		return nil, err
	}
	f, err = os.OpenFile(lockPath, os.O_RDWR|noFollow, 0)
	if err != nil {
		if isSymlink(lockPath) {
			return nil, notOurLock(path, lockPath, "symlink", err)
		}
		return nil, err
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, err
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, notOurLock(path, lockPath, "not-regular", nil)
	case linkCount(fi) > 1:
		f.Close()
		return nil, notOurLock(path, lockPath, "hard-link", nil)
	case fi.Size() > maxLockSize:
		f.Close()
		return nil, notOurLock(path, lockPath, "too-long", nil)
	}
	b := make([]byte, maxLockSize)
	n, _ := f.ReadAt(b, 0)
	if n > 0 && !holderRE().Match(b[:n]) {
		f.Close()
		return nil, notOurLock(path, lockPath, "other", nil)
	}
	return f, nil
}

func isSymlink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// notOurLock is the Error of a lock file this tool did not make: nothing is
// written to it.
func notOurLock(path, lockPath, why string, err error) *Error {
	return &Error{Path: path, Err: err, Problem: msg("state.err.not-our-lock", lockPath, msg("state.err.lock."+why)),
		Fix: msg("state.fix.not-our-lock", shellQuote(lockPath), shellQuote(lockPath), shellQuote(lockPath))}
}
