package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// issue 26: a build without -ldflags, without a module version and without
// VCS stamping (go build -buildvcs=false) still names a version: the one in
// the VERSION file, not "dev".
func TestVersionWithoutVCSNamesAVersion(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/zcmk/zcmk-tui", Version: "(devel)"}}
	for _, b := range []*debug.BuildInfo{bi, nil} {
		v, c, d := resolveBuildInfo("dev", "none", "unknown", b, versionFile)
		if v == "dev" || v == "" || v != strings.TrimSpace(versionFile) {
			t.Errorf("version %q, want the VERSION file's %q", v, strings.TrimSpace(versionFile))
		}
		if c != "none" || d != "unknown" {
			t.Errorf("commit %q, date %q", c, d)
		}
	}
	// A module version (go install ...@v1.2.3) and -ldflags still win.
	if v, _, _ := resolveBuildInfo("dev", "none", "unknown", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, versionFile); v != "v1.2.3" {
		t.Errorf("module version lost: %q", v)
	}
	if v, _, _ := resolveBuildInfo("1.4.0", "abc", "x", bi, versionFile); v != "1.4.0" {
		t.Errorf("-ldflags version lost: %q", v)
	}
	if !strings.Contains(versionString(), strings.TrimSpace(versionFile)) && !strings.Contains(versionString(), version) {
		t.Errorf("version line %q", versionString())
	}
}
