package flow

import (
	"path/filepath"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
)

// RunbookBase is the folder a relative path starts from: the admin's
// working directory (where m writes by default).
func (f *Flow) RunbookBase() string { return filepath.Dir(f.RunbookPath()) }

// RunbookAbs is the absolute path a typed path names, or why it names
// none: what the form checks as the admin types. It reads no disk.
func (f *Flow) RunbookAbs(typed string) (string, error) {
	return docs.ResolveRunbookPath(typed, f.RunbookBase())
}

// RunbookTarget resolves and checks a typed path: the absolute path, and
// whether a file is there already. It reads the disk: the accessible face
// calls it, the full screen checks in a command (checkRunbookCmd).
func (f *Flow) RunbookTarget(typed string) (abs string, exists bool, err error) {
	abs, err = f.RunbookAbs(typed)
	if err != nil {
		return "", false, err
	}
	exists, err = docs.CheckRunbookPath(abs)
	return abs, exists, err
}

// CodeDir resolves a typed folder: ~ is the home folder, a relative path
// starts where m writes the runbook.
func (f *Flow) CodeDir(typed string) string {
	typed = strings.TrimSpace(typed)
	if typed == "" || typed == "~" || strings.HasPrefix(typed, "~/") || filepath.IsAbs(typed) {
		return typed
	}
	return filepath.Join(f.RunbookBase(), typed)
}
