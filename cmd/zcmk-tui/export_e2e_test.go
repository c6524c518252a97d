package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/iac"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// fromEmulator is the key set as the emulator holds it now: each Region's
// key found by the session's alias, its policy read with GetKeyPolicy.
func fromEmulator(t *testing.T, s *state.Session) iac.KeySet {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	ks := iac.KeySet{Alias: s.Alias}
	for _, k := range docs.ExportKeys(s) {
		key, err := c.KMS(k.Region).DescribeKey(context.Background(), s.Alias)
		if err != nil {
			t.Fatalf("%s: %v", k.Region, err)
		}
		pol, err := c.KMS(k.Region).GetKeyPolicy(context.Background(), key.KeyID)
		if err != nil {
			t.Fatal(err)
		}
		if key.ARN != k.ARN {
			t.Fatalf("%s: the alias names %s, the session %s", k.Region, key.ARN, k.ARN)
		}
		ks.Keys = append(ks.Keys, iac.Key{Region: k.Region, Role: k.Role, KeyID: key.KeyID, ARN: key.ARN, Policy: pol, Alias: true})
	}
	return ks
}

// The round trip: setup on the emulator, a change made afterwards outside
// the tool (a replica's policy gets a statement, rotation is turned off),
// then export: the files name the IDs, ARNs, aliases and the policies the
// emulator holds now, not the ones the session remembers.
func TestExportRoundTripOnEmulator(t *testing.T) {
	for _, tc := range []struct{ name, primary, replicas string }{
		{"two Regions", "ap-northeast-1", "ap-northeast-3"},
		{"three Regions", "us-east-1", "us-west-2,eu-west-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, stateFile, s := setupSession(t, tc.primary, tc.replicas)
			keys := docs.ExportKeys(s)
			last := keys[len(keys)-1]
			c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
			if err != nil {
				t.Fatal(err)
			}
			changed := strings.Replace(zoom.BuildPolicy("aws", s.AccountID, zoom.ZoomAccountID), `"Statement": [`,
				`"Statement": [{"Sid": "AuditRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::`+s.AccountID+`:role/audit"}, "Action": "kms:DescribeKey", "Resource": "*"},`, 1)
			if err := c.KMS(last.Region).PutKeyPolicy(context.Background(), last.KeyID, changed); err != nil {
				t.Fatal(err)
			}
			awstest.DisableKeyRotation(t, emu.URL, keys[0].Region, keys[0].KeyID)
			want := fromEmulator(t, s)
			if want.Keys[len(keys)-1].Policy != changed {
				t.Fatalf("the emulator did not keep the changed policy")
			}

			tf := filepath.Join(dir, "tf")
			r := zcmk(t, nil, "export", "--format", "terraform", "--dir", tf, "--state-file", stateFile)
			if r.code != 0 {
				t.Fatalf("export terraform: exit %d\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, filepath.Join(tf, "kms.tf")) || !strings.Contains(r.stdout, "Wrote ") {
				t.Errorf("export does not say what it wrote:\n%s", r.stdout)
			}
			for _, b := range iac.CheckTerraform(t, tf, want) {
				if b.Type == "resource" && b.Labels[0] == "aws_kms_key" && b.Attrs["enable_key_rotation"] != "false" {
					t.Errorf("rotation was turned off after setup; the export says enable_key_rotation = %s", b.Attrs["enable_key_rotation"])
				}
			}

			cfn := filepath.Join(dir, "cfn")
			r = zcmk(t, nil, "export", "--format", "cloudformation", "--dir", cfn, "--state-file", stateFile, "--output", "json")
			if r.code != 0 {
				t.Fatalf("export cloudformation: exit %d\n%s", r.code, r.stderr)
			}
			var j exportJSON
			if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.Format != "cloudformation" || j.Dir != cfn || len(j.Files) != 2*len(keys)+3 {
				t.Errorf("JSON result %+v (%v):\n%s", j, err, r.stdout)
			}
			iac.CheckCloudFormation(t, cfn, want)
		})
	}
}

// Flags, the session and --dir are checked before any AWS call: with an
// endpoint nobody answers, bad input is exit 2 (not the unreachable
// endpoint's 1), and --offline needs no AWS at all.
func TestExportChecksBeforeAnyAWSCall(t *testing.T) {
	dir, stateFile, s := setupSession(t, "ap-northeast-1", "ap-northeast-3")
	dead := []string{"AWS_ENDPOINT_URL=http://127.0.0.1:9"}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(out, "README.md")
	if err := os.WriteFile(mine, []byte("ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	partial := *s
	partial.Keys = s.Keys[:1] // the replica was never made
	partialFile := filepath.Join(dir, "partial.json")
	if err := state.Save(partialFile, &partial); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", "--format", "terraform", "--dir", filepath.Join(dir, "p"), "--state-file", partialFile}, // incomplete
		{"export", "--format", "pulumi", "--dir", out},
		{"export", "--dir", out},
		{"export", "--format", "terraform"},
		{"export", "--format", "terraform", "--dir", mine},
		{"export", "--format", "terraform", "--dir", out},                                             // README.md exists
		{"export", "--format", "terraform", "--dir", out, "--state-file", filepath.Join(dir, "none")}, // no session
	} {
		if !slices.Contains(args, "--state-file") {
			args = append(args, "--state-file", stateFile)
		}
		r := zcmk(t, dead, args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, exitUsage, r.stderr)
		}
		if strings.Contains(r.stderr, "127.0.0.1:9") && strings.Contains(r.stderr, "cannot reach") {
			t.Errorf("%v: an AWS call was made:\n%s", args, r.stderr)
		}
	}
	if b, _ := os.ReadFile(mine); string(b) != "ours\n" {
		t.Errorf("README.md was replaced without --force")
	}
	if _, err := os.Stat(filepath.Join(out, "kms.tf")); err == nil {
		t.Errorf("files were written although the export was refused")
	}

	// --offline: the session alone, no AWS call; --force replaces README.md.
	r := zcmk(t, dead, "export", "--format", "terraform", "--dir", out, "--offline", "--force", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("--offline: exit %d\n%s", r.code, r.stderr)
	}
	readme, _ := os.ReadFile(mine)
	if !strings.Contains(string(readme), "--offline") {
		t.Errorf("the offline README does not say it was made offline:\n%s", readme)
	}
	want := iac.KeySet{Alias: s.Alias}
	for _, k := range docs.ExportKeys(s) {
		want.Keys = append(want.Keys, iac.Key{Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN, Policy: s.ReadBack[k.Region], Alias: true})
	}
	iac.CheckTerraform(t, out, want)
}

// An alias that names another key than the set's cannot be adopted: the
// export reads it, refuses (exit 1) and writes nothing.
func TestExportRefusesAnAliasMovedToAnotherKey(t *testing.T) {
	dir, stateFile, s := setupSession(t, "ap-northeast-1", "ap-northeast-3")
	k := docs.ExportKeys(s)[1]
	other := awstest.CreateSingleRegionKey(t, emu.URL, k.Region)
	awstest.DeleteAlias(t, emu.URL, k.Region, s.Alias)
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.KMS(k.Region).CreateAlias(context.Background(), s.Alias, other); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "tf")
	r := zcmk(t, nil, "export", "--format", "terraform", "--dir", out, "--state-file", stateFile)
	if r.code != exitFailure || !strings.Contains(r.stderr, "names the key "+other) {
		t.Errorf("exit %d, want %d naming the other key:\n%s", r.code, exitFailure, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("files were written")
	}
}
