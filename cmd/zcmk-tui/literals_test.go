package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

// faceFiles are the files of the command line whose human output comes
// from the catalogue (internal/i18n) only; add a file here once its texts
// have moved.
var faceFiles = []string{"main.go", "root.go", "engine.go", "checklist.go", "policy.go", "session.go", "lang.go",
	"setup.go", "verify.go", "drill.go", "drill_screen.go", "printer_engine.go", "runbook.go", "wizard.go", "jsonerr.go", "export.go"}

// textCalls are the calls whose string arguments a person reads.
var textCalls = map[string]bool{
	"fmt.Fprintf": true, "fmt.Fprintln": true, "fmt.Fprint": true, "fmt.Printf": true, "fmt.Println": true,
	"fmt.Errorf": true, "errors.New": true, "usageErr": true, "g.printf": true,
}

// words finds what is left of a literal once fmt verbs, escapes and the
// program's name are taken out: two letters in a row are a text.
var (
	verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|\\[nt]|zcmk-tui`)
	words = regexp.MustCompile(`[A-Za-z]{2,}`)
)

// No text a person reads is a string literal in these files: it is a
// catalogue message, so that every language has it.
func TestNoUserVisibleLiteralsInFaces(t *testing.T) {
	fset := token.NewFileSet()
	for _, name := range faceFiles {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if !textCalls[callName(call.Fun)] {
				return true
			}
			for _, a := range call.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					s = lit.Value
				}
				if w := words.FindString(verbs.ReplaceAllString(s, "")); w != "" {
					t.Errorf("%s: text %q in %s: put it in internal/i18n and render it with g.p()", fset.Position(lit.Pos()), s, callName(call.Fun))
				}
			}
			return true
		})
	}
}

func callName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
	}
	return ""
}
