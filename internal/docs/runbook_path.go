package docs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Where the runbook goes. The wizard writes it into the working directory
// unless the admin types another path; `zcmk-tui runbook --output FILE`
// takes a path too. Both check the path before anything is written (a
// folder that does not exist, a folder in the file's place, a place that
// cannot be written), and neither replaces an existing file silently: the
// wizard asks (replace it, or keep it and write a new name), the command
// line replaces only with --force.

// Reasons a runbook cannot be written at a path (RunbookPathError.Reason).
const (
	rbEmpty      = "empty"      // nothing typed
	rbNoDir      = "nodir"      // the folder does not exist
	rbNotDir     = "notdir"     // a file stands where the folder should be
	rbIsDir      = "isdir"      // the path is a folder
	rbUnwritable = "unwritable" // the folder, or the file, cannot be written
	rbExists     = "exists"     // a file is there already (and may not be replaced)
)

// RunbookPathError says why the runbook cannot be written at Path.
type RunbookPathError struct {
	Path   string // absolute
	Reason string
	Err    error // the file system's answer, when there was one
}

func (e *RunbookPathError) Error() string { return English.Printer().M(e.Localized()) }

// Localized says the problem in any language.
func (e *RunbookPathError) Localized() i18n.Msg {
	if e.Reason == rbEmpty {
		return i18n.Msg{ID: "ui.runbook.path.empty"}
	}
	return i18n.Msg{ID: "ui.runbook.path." + e.Reason, Args: []any{e.Path}}
}

func (e *RunbookPathError) Unwrap() error { return e.Err }

// Exists reports whether err says that a file is in the way.
func (e *RunbookPathError) Exists() bool { return e.Reason == rbExists }

// ResolveRunbookPath makes p absolute: "~" and "~/..." are the home
// folder, a relative path starts from base (the working directory).
func ResolveRunbookPath(p, base string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", &RunbookPathError{Reason: rbEmpty}
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", &RunbookPathError{Path: p, Reason: rbNoDir, Err: err}
		}
		p = filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	abs, err := filepath.Abs(p) // base "" or relative: from the working directory
	if err != nil {
		return "", &RunbookPathError{Path: p, Reason: rbNoDir, Err: err}
	}
	return abs, nil
}

// CheckRunbookPath checks that the runbook can be written at the absolute
// path abs, without writing it: its folder exists and takes a new file,
// and abs is not a folder. A file already there is not an error here:
// exists says so, and the caller asks (or refuses).
func CheckRunbookPath(abs string) (exists bool, err error) {
	fail := func(reason string, err error) (bool, error) {
		return false, &RunbookPathError{Path: abs, Reason: reason, Err: err}
	}
	if fi, err := os.Stat(abs); err == nil {
		if fi.IsDir() {
			return fail(rbIsDir, nil)
		}
		if !fi.Mode().IsRegular() {
			return true, nil // a device or a pipe: not opened here (a pipe would wait for a reader)
		}
		f, err := os.OpenFile(abs, os.O_WRONLY, 0) // no O_TRUNC: nothing changes
		if err != nil {
			return fail(rbUnwritable, err)
		}
		f.Close()
		return true, nil
	}
	dir := filepath.Dir(abs)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(rbNoDir, err)
	case err != nil:
		return fail(rbUnwritable, err)
	case !fi.IsDir():
		return fail(rbNotDir, nil)
	}
	probe, err := os.CreateTemp(dir, ".zcmk-tui-*.tmp")
	if err != nil {
		return fail(rbUnwritable, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return false, nil
}

// FreeRunbookPath is abs, or, when a file is there, the first of
// name-2.md, name-3.md, ... that is free.
func FreeRunbookPath(abs string) string {
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		return abs
	}
	ext := filepath.Ext(abs)
	stem := strings.TrimSuffix(abs, ext)
	for n := 2; ; n++ {
		p := fmt.Sprintf("%s-%d%s", stem, n, ext)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
}

// WriteMode is how WriteRunbookAs treats a file already at the path.
type WriteMode int

const (
	WriteNewName WriteMode = iota // keep it; write the next free name (FreeRunbookPath)
	WriteNew                      // keep it; fail (RunbookPathError, Reason exists)
	WriteReplace                  // replace it (the admin said so)
)

// WriteRunbookAs writes the runbook to path (made absolute) and returns
// where it went. Only WriteReplace ever replaces a file.
func WriteRunbookAs(path, content string, mode WriteMode) (string, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // say exactly where it went
	}
	if mode == WriteReplace {
		return path, os.WriteFile(path, []byte(content), 0o600) // *fs.PathError: the call, the path and why
	}
	for {
		if mode == WriteNewName {
			path = FreeRunbookPath(path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		switch {
		case errors.Is(err, fs.ErrExist) && mode == WriteNewName:
			continue // taken since we looked
		case errors.Is(err, fs.ErrExist):
			return path, &RunbookPathError{Path: path, Reason: rbExists, Err: err}
		case err != nil:
			return path, err
		}
		_, err = f.WriteString(content)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return path, err
	}
}

// WriteRunbook writes content to the absolute path abs for `zcmk-tui
// runbook --output`: a file already there is replaced only when replace is
// set, else it is left as it is and the error is a *RunbookPathError that
// Exists.
func WriteRunbook(abs, content string, replace bool) error {
	mode := WriteNew
	if replace {
		mode = WriteReplace
	}
	_, err := WriteRunbookAs(abs, content, mode)
	return err
}
