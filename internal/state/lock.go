package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Error is a session file that cannot be used as it is: damaged, unreadable,
// a directory, or in a directory that cannot be written. Nothing was sent to
// AWS and the file was left exactly as it was.
type Error struct {
	Path    string
	Problem string // what is wrong, in plain words
	Fix     string // what to do about it
	Err     error
}

func (e *Error) Error() string { return e.Summary() + "\n  fix: " + e.Fix }

// Summary is the error without its fix.
func (e *Error) Summary() string { return fmt.Sprintf("session file %s: %s", e.Path, e.Problem) }

func (e *Error) Unwrap() error { return e.Err }

// damaged builds the Error of a file that is there but cannot be read as a
// session: it is kept, and the fix offers moving it aside or another file.
func damaged(path, problem string, err error) *Error {
	fix := fmt.Sprintf("move it aside to start a new session (mv %s %s.damaged), or use another file with --state-file PATH", shellQuote(path), shellQuote(path))
	if fi, serr := os.Stat(BackupPath(path)); serr == nil && fi.Mode().IsRegular() {
		// The copy Save kept one save earlier: the way back to the session.
		fix = fmt.Sprintf("the last good copy (one save earlier) is %s: set the damaged file aside and restore it (mv %s %s.damaged && cp %s %s); or start a new session (mv alone), or use another file with --state-file PATH",
			BackupPath(path), shellQuote(path), shellQuote(path), shellQuote(BackupPath(path)), shellQuote(path))
	}
	return &Error{Path: path, Problem: problem + "; it was left as it is and nothing was sent to AWS", Err: err, Fix: fix}
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

func (e *LockedError) Error() string { return e.Summary() + "\n  fix: " + e.Fix() }

// Summary is the error without its fix.
func (e *LockedError) Summary() string {
	who := "another zcmk-tui"
	if e.Holder != "" {
		who += " (" + e.Holder + ")"
	}
	waited := ""
	if e.Waited > 0 {
		waited = fmt.Sprintf(" and did not finish within %s", e.Waited.Round(time.Second))
	}
	return fmt.Sprintf("%s is using the session file %s (lock file %s)%s; nothing was sent to AWS", who, e.Path, e.LockPath, waited)
}

// Fix says what to do about it.
func (e *LockedError) Fix() string {
	return "wait until it has finished and run this again (it will change only what is still missing), or use another file with --state-file PATH"
}

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
		return nil, nil, damaged(path, "there is a directory in its place", nil)
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
			return nil, nil, &Error{Path: path, Problem: "cannot lock it (" + err.Error() + ")", Err: err,
				Fix: "use a session file on a local disk with --state-file PATH"}
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
	return &Error{Path: path, Err: err,
		Problem: fmt.Sprintf("the state directory %s cannot be written (%v); nothing was sent to AWS", dir, rootErr(err)),
		Fix:     "make the directory writable for your user, or use a session file in a writable directory with --state-file PATH"}
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
var holderRE = regexp.MustCompile(`^[a-z][a-z -]*, pid [0-9]+, since [0-9:]+ [A-Z]+\n?$`)

// openLockFile opens the lock file of the session file path for reading and
// writing, creating it (0600) when it is missing. It never follows a
// symbolic link (not even a dangling one: its target is not created) and
// never takes a file this tool did not make: the lock must be a regular
// file with one link, empty or holding a holder line. Anything else is an
// *Error and the file is left as it is.
func openLockFile(path, lockPath string) (*os.File, error) {
	if isSymlink(lockPath) {
		return nil, notOurLock(path, lockPath, "it is a symbolic link", nil)
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		if isSymlink(lockPath) {
			return nil, notOurLock(path, lockPath, "it is a symbolic link", err)
		}
		return nil, err
	}
	f, err = os.OpenFile(lockPath, os.O_RDWR|noFollow, 0)
	if err != nil {
		if isSymlink(lockPath) {
			return nil, notOurLock(path, lockPath, "it is a symbolic link", err)
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
		return nil, notOurLock(path, lockPath, "it is not a regular file", nil)
	case linkCount(fi) > 1:
		f.Close()
		return nil, notOurLock(path, lockPath, "it is a hard link to another file", nil)
	case fi.Size() > maxLockSize:
		f.Close()
		return nil, notOurLock(path, lockPath, "it holds more than a lock line", nil)
	}
	b := make([]byte, maxLockSize)
	n, _ := f.ReadAt(b, 0)
	if n > 0 && !holderRE.Match(b[:n]) {
		f.Close()
		return nil, notOurLock(path, lockPath, "it holds something else than a lock line", nil)
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
	return &Error{Path: path, Err: err,
		Problem: fmt.Sprintf("its lock file %s is not one zcmk-tui made (%s); it was left as it is and nothing was sent to AWS", lockPath, why),
		Fix:     fmt.Sprintf("look at %s and move it aside (mv %s %s.moved), or use another file with --state-file PATH", shellQuote(lockPath), shellQuote(lockPath), shellQuote(lockPath))}
}
