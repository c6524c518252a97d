package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
)

// The drill touches only the key set it owns (issue 25, part 4), through
// the real binary.

// payrollSession sets up a second key set under alias/payroll into its own
// session file, and returns that file and the set's primary ARN.
func payrollSession(t *testing.T, regions ...string) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "payroll.json")
	args := []string{"setup", "--region", regions[0], "--alias", "alias/payroll", "--yes", "--state-file", path}
	for _, r := range regions[1:] {
		args = append(args, "--replica-region", r)
	}
	if r := zcmk(t, nil, args...); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
	}
	return path, readSession(t, path).PrimaryARN()
}

// A session naming alias/payroll, whose keys grant Zoom but carry no
// zcmk-tui tag: 'drill --yes' disabled its replica. Now it is refused and
// sends no DisableKey.
func TestDrillRefusesASessionKeyWithoutTheToolsTag(t *testing.T) {
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	regions := []string{"us-east-1", "us-west-2"}
	path, arn := payrollSession(t, regions...)
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	keyID := arn[strings.LastIndex(arn, "/")+1:]
	for _, r := range regions {
		if err := c.KMS(r).UntagKey(context.Background(), keyID, "zcmk-tui:alias", "zcmk-tui:created-by"); err != nil {
			t.Fatal(err)
		}
	}
	p := faultproxy.New(t, emu.URL)
	r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + p.URL}, "drill", "--yes", "--duration", "1s", "--state-file", path)
	if r.code != 1 || !strings.Contains(r.stderr, "zcmk-tui:alias=alias/payroll") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if n := p.Count("DisableKey") + p.Count("TagResource"); n != 0 {
		t.Errorf("%d write request(s)", n)
	}
	if s := readSession(t, path); s.ActiveDrill() != nil || s.LastDrill != nil {
		t.Errorf("a refused drill was recorded: %+v %+v", s.Drill, s.LastDrill)
	}
}

// 'drill --key <other ARN>' named alias/zoom-cmk on its impact screen and
// asked to type it. Now it names that key's own alias and its ARNs.
func TestDrillKeyByARNNamesThatKey(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	mine := setUpKeySet(t, regions[0], regions[1:]...)
	_, arn := payrollSession(t, regions...)
	r := zcmk(t, nil, "drill", "--key", arn, "--scope", "all", "--dry-run", "--state-file", mine)
	out := r.stdout + r.stderr
	if r.code != 0 || !strings.Contains(out, "drill on alias/payroll") || strings.Contains(out, "alias/zoom-cmk") {
		t.Errorf("exit %d\n%s", r.code, out)
	}
	for _, reg := range regions {
		if want := strings.Replace(arn, regions[0], reg, 1); !strings.Contains(out, want) {
			t.Errorf("the impact does not show %s:\n%s", want, out)
		}
	}
}
