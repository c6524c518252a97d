package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// zoomGov stands for the Zoom account ID of Zoom for Government or another
// Zoom cloud (Zoom's commercial account does not exist in these partitions).
const zoomGov = "111122223333"

// GovCloud and China work end to end on the emulator (its STS answers
// arn:aws-us-gov:… and arn:aws-cn:… in their Regions): plan, setup, verify
// and the runbook, with ARNs and key-policy principals in that partition.
// Before, "plan --region us-gov-west-1 --replica-region us-gov-east-1" said
// "unknown Region", and cn-north-1 got "did you mean eu-north-1".
func TestPartitionsEndToEnd(t *testing.T) {
	for _, tc := range []struct{ partition, primary, replica string }{
		{"aws-us-gov", "us-gov-west-1", "us-gov-east-1"},
		{"aws-cn", "cn-north-1", "cn-northwest-1"},
	} {
		t.Run(tc.partition, func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			stateFile := filepath.Join(dir, "session.json")
			regions := []string{"--region", tc.primary, "--replica-region", tc.replica}

			// Zoom's commercial account is refused there, before any write.
			r := zcmk(t, nil, append([]string{"plan"}, regions...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "--zoom-account-id") || !strings.Contains(r.stderr, tc.partition) {
				t.Errorf("plan with Zoom's commercial account: exit %d, want %d naming the partition and --zoom-account-id:\n%s", r.code, exitUsage, r.stderr)
			}

			r = zcmk(t, nil, append([]string{"plan", "--zoom-account-id", zoomGov}, regions...)...)
			if r.code != 0 || !strings.Contains(r.stdout, "(partition "+tc.partition+")") {
				t.Fatalf("plan: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}

			r = zcmk(t, nil, append([]string{"setup", "--zoom-account-id", zoomGov, "--yes", "--output", "json", "--state-file", stateFile}, regions...)...)
			if r.code != 0 {
				t.Fatalf("setup: exit %d\n%s", r.code, r.stderr)
			}
			j := decode(t, r)
			if j.Partition != tc.partition || len(j.Keys) != 2 {
				t.Fatalf("setup: partition %q, %d keys", j.Partition, len(j.Keys))
			}
			for _, k := range j.Keys {
				if !strings.HasPrefix(k.ARN, "arn:"+tc.partition+":kms:"+k.Region+":123456789012:key/mrk-") {
					t.Errorf("%s: ARN %s is not in %s", k.Region, k.ARN, tc.partition)
				}
			}

			// The key policy, as KMS holds it, names both principals in the partition.
			s, err := state.Load(stateFile)
			if err != nil || s == nil || s.Partition != tc.partition {
				t.Fatalf("session: %+v (%v)", s, err)
			}
			for _, region := range []string{tc.primary, tc.replica} {
				pol := keyPolicy(t, region, s.PrimaryARN())
				for _, p := range []string{"arn:" + tc.partition + ":iam::123456789012:root", "arn:" + tc.partition + ":iam::" + zoomGov + ":root"} {
					if !strings.Contains(pol, p) {
						t.Errorf("%s: the key policy lacks the principal %s:\n%s", region, p, pol)
					}
				}
				if strings.Contains(pol, "arn:aws:") {
					t.Errorf("%s: the key policy names partition aws:\n%s", region, pol)
				}
			}

			r = zcmk(t, nil, "verify", "--state-file", stateFile, "--output", "json")
			if v := decodeVerify(t, r); r.code != 0 || !v.OK || len(v.Keys) != 2 || !strings.HasPrefix(v.Keys[1].ARN, "arn:"+tc.partition+":kms:"+tc.replica) {
				t.Errorf("verify: exit %d, %+v\n%s", r.code, v, r.stderr)
			}

			r = zcmk(t, nil, "runbook", "--state-file", stateFile)
			if r.code != 0 {
				t.Fatalf("runbook: exit %d\n%s", r.code, r.stderr)
			}
			for _, k := range j.Keys {
				if !strings.Contains(r.stdout, k.ARN) {
					t.Errorf("the runbook lacks %s", k.ARN)
				}
			}
			if !strings.Contains(r.stdout, "arn:"+tc.partition+":iam::"+zoomGov+":root") || strings.Contains(r.stdout, "arn:aws:iam") {
				t.Errorf("the runbook's key policy is not in %s:\n%s", tc.partition, r.stdout)
			}
		})
	}
}

// keyPolicy reads a key's policy from the emulator, by key ID in region.
func keyPolicy(t *testing.T, region, arn string) string {
	t.Helper()
	c, err := awsx.Load(t.Context(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	keyID := arn[strings.LastIndex(arn, "/")+1:]
	p, err := c.KMS(region).GetKeyPolicy(t.Context(), keyID)
	if err != nil {
		t.Fatalf("GetKeyPolicy in %s: %v", region, err)
	}
	return p
}

// A replica in another partition than the primary is refused before any
// request (exit 2), saying why, in both directions and in JSON.
func TestReplicaInAnotherPartitionIsRefused(t *testing.T) {
	url, calls := counting(t)
	for _, tc := range []struct{ primary, replica string }{
		{"us-gov-west-1", "us-east-1"},
		{"us-east-1", "us-gov-east-1"},
		{"cn-north-1", "us-gov-west-1"},
		{"cn-northwest-1", "ap-northeast-1"},
	} {
		for _, cmd := range []string{"plan", "setup"} {
			r := zcmk(t, []string{"AWS_ENDPOINT_URL=" + url}, cmd, "--yes", "--zoom-account-id", zoomGov, "--region", tc.primary, "--replica-region", tc.replica, "--output", "json")
			if r.code != exitUsage || !strings.Contains(r.stderr, "only within its own partition") {
				t.Errorf("%s %s -> %s: exit %d, want %d saying why:\n%s", cmd, tc.primary, tc.replica, r.code, exitUsage, r.stderr)
			}
			var e map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &e); err != nil || !strings.Contains(r.stdout, "partition") {
				t.Errorf("%s: the JSON error does not say why: %v\n%s", cmd, err, r.stdout)
			}
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d AWS call(s) made for a cross-partition replica", n)
	}
}

// The wizard, in a real terminal, in GovCloud and China: the Region lists
// offer the caller's partition (the replica suggested in it), and the ARNs
// and the Zoom grant are in that partition.
func TestWizardInTmuxInOtherPartitions(t *testing.T) {
	for _, tc := range []struct{ partition, primary, replica string }{
		{"aws-us-gov", "us-gov-west-1", "us-gov-east-1"},
		{"aws-cn", "cn-north-1", "cn-northwest-1"},
	} {
		t.Run(tc.partition, func(t *testing.T) {
			if err := emu.Reset(); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			p := newTmuxPane(t, 100, 30, wizardScriptIn(t, dir, []string{"AWS_REGION=" + tc.primary}, "--zoom-account-id", zoomGov))
			p.waitFor(15*time.Second, "Step 1 of 7: Prerequisites", "KMS answers in "+tc.primary, "account 123456789012", tc.partition)
			p.keys("Enter", "Enter", "Enter", "Enter")
			p.waitFor(5*time.Second, "Step 2 of 7: Regions", "Which key?")
			p.keys("Enter")
			screen := p.waitFor(5*time.Second, "Primary Region", tc.primary)
			if strings.Contains(screen, "N. Virginia") || strings.Contains(screen, "Tokyo") {
				t.Errorf("the primary's list offers commercial Regions to %s credentials:\n%s", tc.partition, screen)
			}
			p.keys("Enter")
			p.waitFor(5*time.Second, "Replica Regions for "+tc.primary, tc.replica, "(suggested)")
			p.keys("Enter")
			// The alias is read first; then the questions of a new key.
			p.waitFor(5*time.Second, "Step 3 of 7: Key", "Alias (created in every Region", "> alias/zoom-cmk")
			p.keys("Enter")
			p.waitFor(5*time.Second, "Description of the key")
			p.keys("Enter", "Enter")
			p.waitFor(5*time.Second, "Automatic key rotation")
			p.keys("Enter")
			p.waitFor(15*time.Second, "Apply these 5 changes to AWS account 123456789012?", tc.replica)
			p.keys("Enter")
			// moto copies the alias into the replica Region, so its CreateAlias there is "unchanged": 4 changes made of the 5 planned.
			p.waitFor(30*time.Second, "Done: 4 changes made.")
			p.keys("Enter")
			p.skipAlerts()
			p.waitFor(5*time.Second, "Step 5 of 7: Policy", "Zoom grant read back", zoomGov)
			p.keys("Enter")
			screen = p.waitFor(5*time.Second, "Step 6 of 7: ARNs", "Primary · "+tc.primary)
			for _, region := range []string{tc.primary, tc.replica} {
				if !strings.Contains(screen, "arn:"+tc.partition+":kms:"+region+":123456789012:key/mrk-") {
					t.Errorf("no %s ARN for %s on screen:\n%s", tc.partition, region, screen)
				}
			}
			p.keys("C-c")
			p.waitFor(5*time.Second, "EXIT=")
			s, err := state.Load(filepath.Join(dir, "session.json"))
			if err != nil || s == nil || s.Partition != tc.partition || !strings.HasPrefix(s.PrimaryARN(), "arn:"+tc.partition+":kms:"+tc.primary) {
				t.Errorf("session: %+v (%v)", s, err)
			}
		})
	}
}

// A dry run without credentials takes the partition from the primary
// Region (the plan's policy is built for it), and Zoom's commercial account
// is refused there as with credentials. Before, it planned partition aws.
func TestOfflineDryRunInGovCloud(t *testing.T) {
	home := t.TempDir() // no AWS configuration, no credentials
	args := []string{"setup", "--dry-run", "--account-id", "123456789012", "--region", "us-gov-west-1", "--replica-region", "us-gov-east-1"}
	r := bare(t, home, nil, args...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "--zoom-account-id") || !strings.Contains(r.stderr, "aws-us-gov") {
		t.Errorf("offline with Zoom's commercial account: exit %d, want %d\n%s", r.code, exitUsage, r.stderr)
	}
	r = bare(t, home, nil, append(args, "--zoom-account-id", zoomGov, "--output", "json")...)
	if r.code != 0 {
		t.Fatalf("offline dry run: exit %d\n%s", r.code, r.stderr)
	}
	if j := decode(t, r); j.Partition != "aws-us-gov" || len(j.Keys) != 2 {
		t.Errorf("offline plan: partition %q, %+v", j.Partition, j.Keys)
	}
}
