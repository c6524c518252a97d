package docs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// ExportDir resolves dir (~ is the home folder) to an absolute path and
// checks it before anything is read from AWS: it is a folder, or does not
// exist yet (it will be made), and no file of names exists in it unless
// force. The error is an *ExportError naming the problem (a usage error).
func ExportDir(dir string, names []string, force bool) (string, error) {
	if strings.TrimSpace(dir) == "" {
		return "", exportErr("docs.export.err.nodir")
	}
	if dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", exportErr("docs.export.err.dir", dir, err.Error())
		}
		dir = filepath.Join(home, strings.TrimPrefix(dir, "~"))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", exportErr("docs.export.err.dir", dir, err.Error())
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return "", exportErr("docs.export.err.dir", abs, err.Error())
	case !fi.IsDir():
		return "", exportErr("docs.export.err.notdir", abs)
	}
	var exist []string
	for _, n := range names {
		p := filepath.Join(abs, filepath.FromSlash(n))
		fi, err := os.Lstat(p)
		if err == nil && fi.IsDir() {
			return "", exportErr("docs.export.err.dirinplace", p)
		}
		if err == nil {
			exist = append(exist, n)
		}
	}
	if len(exist) > 0 && !force {
		return "", exportErr("docs.export.err.exists", abs, strings.Join(exist, ", "))
	}
	return abs, nil
}

// WriteExport writes files into dir (made if missing), each atomically
// (a temporary file renamed into place), mode 0644. An existing file is
// replaced only with force; without it, if any file exists, nothing is
// written. It returns the paths written, in the order of files.
func WriteExport(dir string, files []File, force bool) ([]string, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	abs, err := ExportDir(dir, names, force)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, f := range files {
		p := filepath.Join(abs, filepath.FromSlash(f.Name))
		if err := writeAtomic(p, f.Content); err != nil {
			return written, &ExportError{Msg: i18n.Msg{ID: "docs.export.err.write", Args: []any{p, err.Error()}}, Write: true}
		}
		written = append(written, p)
	}
	return written, nil
}

func writeAtomic(path string, content []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".export-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
