package ui

import (
	"errors"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/docs"
)

// codeExport is the plain face's export of the key set as code: the same
// question as the full screen's x on the checklist (the format, then the
// folder, checked at once: a folder holding any of the files is refused),
// asked last, after the drill, so that the answers before it keep their
// place. End of input there is a no. The facts are refreshed through the
// engine (read-only calls), or taken from the session alone when it cannot.
func (a *plain) codeExport() error {
	f := a.f
	if !f.CanVerify() || len(f.Sess.Keys) == 0 || f.Incomplete() {
		return nil
	}
	want, err := a.askYes(a.t("plain.code.ask"), "", false)
	if errors.Is(err, ErrEndOfInput) {
		return nil // never a yes
	}
	if err != nil || !want {
		return err
	}
	format, typed := docs.FormatTerraform, ""
	// The line mode leaves out a field's description: the folder's is said
	// first, with the folder a relative path starts from.
	a.say("%s\n%s", a.t("code.dir.desc"), f.RunbookBase())
	if err := a.askGroup(a.r.codeGroup(&format, &typed)); err != nil {
		return err
	}
	typed = strings.TrimSpace(typed)
	if typed == "" {
		typed = "zoom-cmk-" + format
	}
	dir := f.CodeDir(typed)
	a.say("%s", a.t("code.running"))
	eng, _ := a.eng.(ExportEngine)
	files, err := ExportFiles(a.ctx, eng, format, cloneSession(f.Sess), a.f.Cat.Lang())
	var written []string
	if err == nil {
		written, err = docs.WriteExport(dir, files, false)
	}
	if a.ctx.Err() != nil {
		return ErrAborted
	}
	if err != nil {
		a.say("✗ %s", a.t("code.failed", a.r.p().Err(err)))
		return nil
	}
	a.say("✓ %s", a.t("code.done", len(written), dir))
	return nil
}
