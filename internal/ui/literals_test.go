package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The wizard's user-visible text comes from the catalogue (internal/i18n,
// "ui." ids) only, so that every language has it. This scan finds string
// literals in the calls that draw or print text and fails on one that holds
// words; what is not text (key names, separators, Markdown, example input)
// is allowed by name below, each with its reason. It is the approach of
// cmd/zcmk-tui/literals_test.go, for the wizard's calls.

// uiTextCalls are the calls (by their last name) whose string arguments a
// person reads.
var uiTextCalls = map[string]bool{
	"Fprintf": true, "Fprintln": true, "Fprint": true, "Printf": true, "Println": true, "Sprintf": true,
	"Errorf": true, "New": true, "WriteString": true, "Render": true, "say": true, "Title": true,
	"Description": true, "Affirmative": true, "Negative": true, "NewOption": true, "WithHelp": true,
	"wrap": true, "wrapLead": true, "SetContent": true,
}

// uiAllowed are literals in those calls that are not language: key names
// (as every terminal names them), Markdown and the runbook's literal terms,
// and example input.
var uiAllowed = map[string]string{
	"ctrl+c": "key name", "esc": "key name", "enter": "key name", "enter/y": "key name", "esc/n": "key name",
	"n/esc": "key name", "pgup": "key name", "pgdn": "key name", "space": "key name", "esc/enter": "key name",
	"↑/k": "key name", "↓/j": "key name",
	"\n## %s\n\n| %s | %s | ARN |\n|---|---|---|\n": "Markdown table; ARN is kept literal in every language",
	"\n## %s\n\n```json\n%s\n```\n\n":               "Markdown fence with its language tag",
	"\n| %s | %s | ARN |\n|---|---|---|\n":          "Markdown table; ARN is kept literal in every language",
	"### %s · %s\n\n```json\n%s\n```\n\n":           "Markdown fence with its language tag",
	"%s\n\n```json\n%s\n```\n\n":                    "Markdown fence with its language tag",
	"  %s · %s\n    Enabled → %s\n":                 "the KMS key state Enabled, kept literal in every language",
	"dry run: %w":                                   "wraps ErrAborted (a sentinel for the faces, never shown: the dry run's own lines say it)",
}

var (
	uiVerbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|\\[nt]|zcmk-tui`)
	uiWords = regexp.MustCompile(`[A-Za-z]{2,}|[\p{Han}\p{Hiragana}\p{Katakana}]`)
)

func TestNoUserVisibleLiteralsInTheWizard(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	sub, _ := filepath.Glob("*/*.go") // the packages under ui
	files = append(files, sub...)
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !uiTextCalls[lastName(call.Fun)] {
				return true
			}
			for _, a := range call.Args {
				for _, lit := range stringLits(a) {
					checked++
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						s = lit.Value
					}
					if _, ok := uiAllowed[s]; ok {
						continue
					}
					if w := uiWords.FindString(uiVerbs.ReplaceAllString(s, "")); w != "" {
						t.Errorf("%s: text %q in %s: put it in internal/i18n (ui. ids) and use m.t", fset.Position(lit.Pos()), s, lastName(call.Fun))
					}
				}
			}
			return true
		})
	}
	if checked < 50 {
		t.Errorf("only %d literals checked: the scan is broken", checked)
	}
}

// stringLits are the string literals of e outside nested calls (a nested
// call is checked on its own, and m.t("id") takes an id, not a text).
func stringLits(e ast.Expr) []*ast.BasicLit {
	var out []*ast.BasicLit
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			return false
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				out = append(out, x)
			}
		}
		return true
	})
	return out
}

func lastName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}
