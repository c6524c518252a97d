package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

func manOutput(t *testing.T) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"man"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("zcmk-tui man: exit %d, stderr: %s", code, errOut.String())
	}
	return out.String()
}

func TestManPageCoversTheCommandTree(t *testing.T) {
	page := manOutput(t)
	if !strings.HasPrefix(page, `.\"`) || !strings.Contains(page, "\n.TH \"ZCMK\\-TUI\" 1 ") {
		t.Fatalf("no .TH header for section 1:\n%.300s", page)
	}
	for _, want := range []string{
		".SH NAME\nzcmk\\-tui \\- ",
		".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH OPTIONS\n", ".SH COMMANDS\n", ".SH EXAMPLES\n",
		`\fB\-\-region\fR \fIstring\fR`,
		`\fB\-o\fR, \fB\-\-output\fR \fIstring\fR`,
		`\fB\-v\fR, \fB\-\-version\fR`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	root := newRootCmd(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		title := ".SS \"zcmk\\-tui " + strings.ReplaceAll(c.Name(), "-", `\-`) + "\"\n"
		shown := strings.Contains(page, title)
		if c.IsAvailableCommand() && !shown {
			t.Errorf("visible command %q has no section", c.Name())
		}
		if c.Hidden && shown {
			t.Errorf("hidden command %q has a section", c.Name())
		}
	}
	for _, sub := range []string{"bash", "zsh", "fish"} {
		if !strings.Contains(page, ".SS \"zcmk\\-tui completion "+sub+"\"") {
			t.Errorf("no section for completion %s", sub)
		}
	}
}

// Every line that roff would take as a request must be one we wrote on purpose.
func TestManPageEscapesText(t *testing.T) {
	page := manOutput(t)
	known := map[string]bool{
		`.\"`: true, ".TH": true, ".SH": true, ".SS": true, ".B": true, ".I": true, ".RI": true,
		".br": true, ".PP": true, ".TP": true, ".RS": true, ".RE": true, ".nf": true, ".fi": true,
	}
	for i, l := range strings.Split(page, "\n") {
		if !strings.HasPrefix(l, ".") && !strings.HasPrefix(l, "'") {
			continue
		}
		req := strings.Fields(l)[0]
		if !known[req] {
			t.Errorf("line %d starts an unexpected roff request: %q", i+1, l)
		}
	}
	if strings.Contains(page, "####") {
		t.Error("markdown headings from cobra's help leaked into the page")
	}
}

func TestRoffEscape(t *testing.T) {
	for in, want := range map[string]string{
		`--dry-run`:  `\-\-dry\-run`,
		`C:\path`:    `C:\epath`,
		`.hidden`:    `\&.hidden`,
		`'quoted'`:   `\&'quoted'`,
		`plain text`: `plain text`,
	} {
		if got := roffLine(in); got != want {
			t.Errorf("roffLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got := roffArg(`say "hi"`); got != `"say \(dqhi\(dq"` {
		t.Errorf("roffArg = %q", got)
	}
}

func TestManDate(t *testing.T) {
	if got := manDate("2026-11-28T23:30:00Z"); got != "2026-11-28" {
		t.Errorf("manDate(RFC 3339) = %q", got)
	}
	if got := manDate("unknown"); got != "" {
		t.Errorf("manDate(unknown) = %q, want empty", got)
	}
}

// groff, when present, must render the page without a warning.
func TestManPageRendersCleanly(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff not installed")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(manOutput(t))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, stderr.String())
	}
}
