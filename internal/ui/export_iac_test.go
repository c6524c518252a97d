package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
)

// x on the checklist asks the format and the folder, then writes the key
// set as code there; a folder that holds the files already is refused in
// the form, and nothing is overwritten. The stub engine cannot refresh, so
// the export comes from the session and says so.
func TestPortalExportsTheKeySetAsCode(t *testing.T) {
	sess := doneSession()
	h := newHarness(t, &stubEngine{}, sess)
	h.wantStep("portal")
	base := filepath.Dir(h.m.cfg.StatePath)

	h.typ("x")
	h.wantView("Export the key set as code: which format?", "Terraform", "CloudFormation")
	h.enter(1) // Terraform
	h.wantView("Into which folder?", base)
	h.typ("tf")
	h.enter(1)
	h.wantView("Wrote 7 files into", "its README.md gives the")
	want := iac.KeySet{Alias: sess.Alias}
	for _, k := range sess.Keys {
		want.Keys = append(want.Keys, iac.Key{Region: k.Region, Role: k.Role, KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: k.ARN, Policy: sess.Policy, Alias: true})
	}
	dir := filepath.Join(base, "tf")
	iac.CheckTerraform(t, dir, want)
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if !strings.Contains(string(readme), "--offline") {
		t.Errorf("an export without a refresh does not say so:\n%s", readme)
	}

	// The same folder again: refused in the form, nothing replaced.
	before, _ := os.ReadFile(filepath.Join(dir, "kms.tf"))
	if err := os.WriteFile(filepath.Join(dir, "kms.tf"), append(before, []byte("# mine\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	h.typ("x")
	h.enter(1)
	h.typ("tf")
	h.enter(1)
	h.wantView("already holds", "Choose another folder")
	if b, _ := os.ReadFile(filepath.Join(dir, "kms.tf")); !strings.HasSuffix(string(b), "# mine\n") {
		t.Errorf("kms.tf was replaced")
	}
}

// In Japanese, the form and the files speak Japanese; a dry run has
// nothing to export.
func TestPortalExportJapaneseAndDryRun(t *testing.T) {
	h := newHarness(t, &stubEngine{}, doneSession(), func(c *Config) { c.Catalogue = CatalogueFor(i18n.Japanese) })
	h.typ("x")
	h.wantView("形式を選んでください")
	h.key(tea.KeyDown) // CloudFormation
	h.enter(1)
	h.enter(1) // the suggested folder
	h.wantView("個のファイルを")
	b, err := os.ReadFile(filepath.Join(filepath.Dir(h.m.cfg.StatePath), "zoom-cmk-cloudformation", "README.md"))
	if err != nil || !strings.Contains(string(b), "コマンド (この順に実行します)") {
		t.Errorf("README (%v):\n%s", err, b)
	}

	h = newHarness(t, &stubEngine{}, doneSession())
	h.wantStep("portal")
	h.m.f.Dry = true // the checklist of a dry run (no key was made)
	h.typ("x")
	h.wantView("no complete key set to export")
}

// With the real engine on the emulator, x refreshes what AWS holds: a
// replica's policy changed behind the wizard's back is the one written.
func TestFlowExportRefreshesThroughTheEngine(t *testing.T) {
	f, _ := startFlow(t, 100, 30, nil)
	s := f.toChecklist()
	rep := s.Keys[1]
	changed := strings.Replace(s.ReadBack[rep.Region], `"Statement": [`,
		`"Statement": [{"Sid": "AuditRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::`+s.AccountID+`:role/audit"}, "Action": "kms:DescribeKey", "Resource": "*"},`, 1)
	if changed == s.ReadBack[rep.Region] {
		t.Fatalf("no policy to change in the session: %q", s.ReadBack[rep.Region])
	}
	if _, err := awstest.Client(t, f.url, rep.Region).PutKeyPolicy(context.Background(), &kms.PutKeyPolicyInput{
		KeyId: sdkaws.String(rep.KeyID), PolicyName: sdkaws.String("default"), Policy: sdkaws.String(changed)}); err != nil {
		t.Fatal(err)
	}
	f.key("x")
	f.wait("which format?")
	f.enter(1)
	f.wait("Into which folder?")
	f.tm.Type("tf")
	f.enter(1)
	f.wait("Wrote 7 files into")
	dir := filepath.Join(filepath.Dir(f.path), "tf")
	got, err := os.ReadFile(filepath.Join(dir, "policies", "key-"+rep.Region+".json"))
	if err != nil || string(got) != changed {
		t.Errorf("the replica's policy file is not the one AWS holds now (%v):\n%s", err, got)
	}
	if readme, _ := os.ReadFile(filepath.Join(dir, "README.md")); strings.Contains(string(readme), "--offline") {
		t.Errorf("a refreshed export says it is offline")
	}
}
