package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
)

// An existing key typed in at "Which key?" is read (DescribeKey, as a
// command) before the replica list: the Regions where it already has a
// replica read "existing replica", ticked, not "(suggested)"; a key that
// cannot be read or used is explained on step 2 and asked again (issue 11).

// existingKeySet makes, in the emulator, a multi-Region key in us-east-1
// with replicas in us-west-2 (its usual partner) and eu-west-1, under
// alias/kept; it returns the primary's and the eu-west-1 replica's ARNs.
func existingKeySet(t *testing.T, eng *setup.Engine) (primary, replica string) {
	t.Helper()
	ctx := context.Background()
	p, err := eng.Plan(ctx, setup.Options{Region: "us-east-1", Replicas: []string{"us-west-2", "eu-west-1"}, Alias: "alias/kept", Rotation: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Keys[0].ARN, res.Keys[2].ARN
}

// toExistingKey answers the prerequisites and chooses "Use an existing key"
// with ref; an alias or key ID also takes the primary Region shown
// (us-east-1, the default).
func (h *harness) toExistingKey(ref string) {
	h.enter(4)
	h.wantStep("regions")
	h.key(tea.KeyDown)
	h.enter(1)
	h.typ(ref)
	h.enter(1)
	if !strings.HasPrefix(ref, "arn:") {
		h.enter(1)
	}
}

// lineWith is the line of the view that names region.
func (h *harness) lineWith(region string) string {
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, region+" ") {
			return l
		}
	}
	return ""
}

func (h *harness) wantExistingReplicas() {
	h.t.Helper()
	h.wantView("Replica Regions for")
	if l := h.lineWith("us-west-2"); !strings.Contains(l, "(existing replica)") || strings.Contains(l, "(suggested)") {
		h.t.Errorf("us-west-2 is not marked as the existing replica: %q\n%s", l, h.view())
	}
	for _, o := range h.m.regionOptions(h.m.f.Primary, h.m.f.Partner()) {
		if o.Value == "eu-west-1" && !strings.Contains(o.Key, "(existing replica)") {
			h.t.Errorf("eu-west-1 is not marked as an existing replica: %q", o.Key)
		}
	}
	if got := h.m.f.Replicas; !slices.Contains(got, "us-west-2") || !slices.Contains(got, "eu-west-1") {
		h.t.Errorf("ticked %v; want the existing replicas us-west-2 and eu-west-1 ticked", got)
	}
	h.wantView("It already has a replica in eu-west-1, us-west-2.")
}

func TestExistingKeyShowsItsReplicas(t *testing.T) {
	eng, srv := motoEngine(t, "")
	primary, _ := existingKeySet(t, eng)
	for _, ref := range []string{primary, "alias/kept"} {
		t.Run(ref, func(t *testing.T) {
			h := newHarness(t, engineOn(t, srv, ""), nil)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.toExistingKey(ref)
			h.wantExistingReplicas()
			h.wantView(ref) // an ARN whole in the summary, not broken mid-id
			checkFits(t, h.view(), 80, 24)
			// Going on with them, the plan keeps them (nothing to replicate).
			h.enter(1)
			h.wantStep("key")
			if got := h.m.f.Sess.Replicas; !slices.Contains(got, "eu-west-1") {
				t.Errorf("session replicas %v", got)
			}
		})
	}
}

func TestExistingKeyThatCannotBeUsedIsExplained(t *testing.T) {
	eng, srv := motoEngine(t, "")
	primary, replica := existingKeySet(t, eng)
	single := awstest.CreateSingleRegionKey(t, srv.URL, "us-east-1")
	if _, err := awstest.Client(t, srv.URL, "us-east-1").CreateAlias(context.Background(), &kms.CreateAliasInput{
		AliasName: sdkaws.String("alias/single"), TargetKeyId: sdkaws.String(single)}); err != nil {
		t.Fatal(err)
	}
	missing := strings.Replace(primary, flow.KeyIDOf(primary), "mrk-00000000000000000000000000000000", 1)
	// The engine's advice names the wizard's screens, not setup's flags
	// (i18n.FacePrefix).
	for _, c := range []struct{ name, ref, want, advice string }{
		{"a replica", replica, "is a replica; its", "primary Region at step 2"},
		{"not there", missing, "was not found in us-east-1", "primary Region at step 2"},
		{"single-Region", "alias/single", "single-Region key", "Create a new multi-Region key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, engineOn(t, srv, ""), nil)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.toExistingKey(c.ref)
			h.wantStep("regions")
			h.wantView("could not be checked", c.want, "Nothing was written to AWS")
			// The words of the error box, without its border.
			if v := strings.Join(strings.Fields(strings.ReplaceAll(h.view(), "│", "")), " "); !strings.Contains(v, c.advice) || strings.Contains(v, "--alias") || strings.Contains(v, "--region") {
				t.Errorf("the advice is not the wizard's (want %q, no flags):\n%s", c.advice, h.view())
			}
			checkFits(t, h.view(), 80, 24)
			if h.m.cut != 0 {
				t.Errorf("%d lines cut at the window's edge:\n%s", h.m.cut, h.view())
			}
			if h.m.form == nil {
				t.Fatalf("no questions under the reason:\n%s", h.view())
			}
		})
	}
	t.Run("Japanese", func(t *testing.T) {
		h := newHarness(t, engineOn(t, srv, ""), nil, func(c *Config) { c.Lang = i18n.Japanese })
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.toExistingKey(replica)
		h.wantStep("regions")
		h.wantView("を確認できませんでした", "はレプリカキー", "AWS には何も書き込んでいません")
		checkFits(t, h.view(), 80, 24)
		if h.m.cut != 0 {
			t.Errorf("%d lines cut at the window's edge:\n%s", h.m.cut, h.view())
		}
	})
}

// Access denied, and a DescribeKey that never answers (bounded by the
// call timeout), are said on step 2; answering the same again reads the
// key again.
func TestExistingKeyLookupFailsThenRetries(t *testing.T) {
	eng, srv := motoEngine(t, "")
	primary, _ := existingKeySet(t, eng)
	st, body := faultproxy.AWSError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: kms:DescribeKey on this resource")
	for _, c := range []struct {
		name  string
		fault faultproxy.Fault
		want  string
	}{
		{"access denied", faultproxy.Fault{Op: "DescribeKey", Status: st, Body: body}, "kms:DescribeKey"},
		{"never answers", faultproxy.Fault{Op: "DescribeKey", Hang: true}, "DescribeKey"},
	} {
		t.Run(c.name, func(t *testing.T) {
			proxy := faultproxy.New(t, srv.URL)
			proxy.Add(c.fault)
			e, err := setup.New(context.Background(), setup.Config{EndpointURL: proxy.URL, CallTimeout: 500 * time.Millisecond, MaxAttempts: 1})
			if err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, e, nil)
			h.toExistingKey(primary)
			h.wantStep("regions")
			h.wantView("could not be checked", c.want)
			proxy.Clear()
			h.enter(2) // the same key again
			h.wantExistingReplicas()
		})
	}
}

// esc while the key is read ends the read and goes back to the questions;
// its late answer changes nothing.
func TestExistingKeyLookupBack(t *testing.T) {
	eng := &stubEngine{keyReplicas: []string{"us-west-2"}}
	h := newHarness(t, eng, nil)
	h.hold = func(cmd tea.Cmd) bool { return isCmdOf(cmd, "existingKeyCmd") }
	h.toExistingKey("arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
	if h.reg().phase != regPhaseLookup || len(h.held) != 1 {
		t.Fatalf("phase %v, %d reads after the key was given; want the read", h.reg().phase, len(h.held))
	}
	h.wantView("Reading the key arn:aws:kms:us-east-1:", "esc back")
	h.key(tea.KeyEsc)
	h.hold = nil
	h.do(h.held[0]) // the answer comes after esc
	h.wantStep("regions")
	if h.reg().phase != regPhaseForm || h.m.form == nil || strings.Contains(h.view(), "Replica Regions for") {
		t.Fatalf("after esc during the read: phase %v\n%s", h.reg().phase, h.view())
	}
}

// The accessible mode reads the key too, says where it has replicas and
// marks them; a replica given instead of the primary is explained and
// the questions asked again.
func TestAccessibleExistingKeyShowsItsReplicas(t *testing.T) {
	srv := moto.StartT(t)
	srv.SetEnv(t)
	primary, replica := existingKeySet(t, engineOn(t, srv, ""))
	for _, lang := range []i18n.Lang{i18n.English, i18n.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			input := strings.Join([]string{
				"", "", "", "", // prerequisites: yes
				"2", replica, // an existing key: a replica's ARN
				"", primary, // asked again: existing key, now the primary
				"0", // the replicas as ticked
			}, "\n") + "\n"
			out, err := runAccessibleOnEmulator(t, srv, input, func(c *Config) { c.Lang = lang })
			if !errors.Is(err, ErrEndOfInput) {
				t.Errorf("error %v; want the end of input at step 3", err)
			}
			wants := []string{"could not be checked", "is a replica; its", "Nothing was written to AWS",
				"It already has a replica in eu-west-1, us-west-2.", "(enter keeps: eu-west-1, us-west-2)"}
			mark := "(existing replica)"
			if lang == i18n.Japanese {
				wants = []string{"確認できませんでした", "はレプリカキー", "プライマリキーは us-east-1", "AWS には何も書き込んでいません",
					"このキーには eu-west-1, us-west-2 にレプリカキーがあります。", "(enter でそのまま: eu-west-1, us-west-2)"}
				mark = "(既存のレプリカ)"
			}
			for _, w := range wants {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q\n%s", w, out)
				}
			}
			for _, r := range []string{"us-west-2", "eu-west-1"} {
				found := false
				for _, l := range strings.Split(out, "\n") {
					if strings.Contains(l, r+" ") && strings.Contains(l, mark) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s line marked %s\n%s", r, mark, tail(out, 4000))
				}
			}
		})
	}
}
