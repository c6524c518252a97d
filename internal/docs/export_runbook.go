package docs

import (
	"fmt"
	"strings"
)

// runbookExport is the runbook's section on keeping the key set in code:
// the export commands, once a key set exists.
func (f *writer) runbookExport(b *strings.Builder) {
	if f.dry || f.sess.DryRun || len(f.sess.Keys) == 0 {
		return
	}
	fmt.Fprintf(b, "## %s\n\n%s\n\n", f.t("runbook.export"), f.t("runbook.export.intro"))
	b.WriteString("```sh\nzcmk-tui export --format terraform --dir zoom-cmk-terraform\nzcmk-tui export --format cloudformation --dir zoom-cmk-cloudformation\n```\n\n")
}
