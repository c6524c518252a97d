package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// These tests run the accessible wizard against the real engine and the KMS
// emulator and count the keys the emulator holds afterwards: no key may be
// created without consent (a typed yes in a terminal, --yes elsewhere), and
// end of input is never a yes.

// countKeys counts the keys the emulator holds in regions.
func countKeys(t *testing.T, url string, regions ...string) int {
	t.Helper()
	n := 0
	for _, r := range regions {
		out, err := awstest.Client(t, url, r).ListKeys(context.Background(), &kms.ListKeysInput{})
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Keys)
	}
	return n
}

var consentRegions = []string{"ap-northeast-1", "ap-northeast-3", "us-east-1"}

// toConfirm are the answers from the first question to the write
// confirmation, all defaults: a new key in Tokyo with its Osaka replica.
var toConfirm = []string{
	"", "", "", "", // prerequisites: yes
	"", "", "0", // new key, primary ap-northeast-1, replicas: keep Osaka
	"", "", "", "", // alias, description, tags, rotation
}

// runAccessibleOnEmulator runs the accessible wizard on srv with input and
// returns its error and output; it fails the test if the run does not end.
func runAccessibleOnEmulator(t *testing.T, srv *moto.Server, input string, mod func(*Config)) (string, error) {
	t.Helper()
	eng := engineOn(t, srv, "")
	cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }}
	if mod != nil {
		mod(&cfg)
	}
	var out strings.Builder
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_, _, err := RunAccessible(ctx, cfg, strings.NewReader(input), &out)
		done <- err
	}()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(60 * time.Second):
		cancel()
		<-done
		t.Fatalf("the accessible wizard did not end; its output ends with:\n%s", tail(out.String(), 2000))
	}
	return "", nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func emulatorEnv(t *testing.T) *moto.Server {
	t.Helper()
	srv := moto.StartT(t)
	srv.SetEnv(t)
	t.Setenv("AWS_REGION", "ap-northeast-1")
	return srv
}

func TestAccessibleNeverWritesWithoutConsent(t *testing.T) {
	srv := emulatorEnv(t)
	lines := func(l ...string) string { return strings.Join(l, "\n") + "\n" }
	interactive := func(c *Config) { c.Interactive = true }
	cases := []struct {
		name  string
		input string
		mod   func(*Config)
		want  error
	}{
		{"end of input at once", "", nil, ErrEndOfInput},
		{"end of input at once, in a terminal", "", interactive, ErrEndOfInput},
		{"end of input at once, with --yes", "", func(c *Config) { c.Yes = true }, ErrEndOfInput},
		{"end of input at the confirmation", lines(toConfirm...), interactive, ErrEndOfInput},
		{"enter at the confirmation", lines(append(toConfirm, "")...), interactive, ErrAborted},
		{"n at the confirmation", lines(append(toConfirm, "n")...), interactive, ErrAborted},
		{"no terminal and no --yes", lines(append(toConfirm, "y")...), nil, ErrNeedsYes},
		// "Use an existing key", then no key: never a new key instead.
		{"existing key, none given", lines("", "", "", "", "2", ""), interactive, ErrEndOfInput},
		{"existing key, none given, with --yes", lines("", "", "", "", "2"), func(c *Config) { c.Yes = true }, ErrEndOfInput},
		// No such key: said at step 2 and asked again; end of input stops
		// there instead of asking for ever.
		{"no such key, then end of input", lines("", "", "", "", "2", "alias/no-such-key", "", "", "", ""), interactive, ErrEndOfInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := srv.Reset(); err != nil {
				t.Fatal(err)
			}
			out, err := runAccessibleOnEmulator(t, srv, tc.input, tc.mod)
			if !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v\n%s", err, tc.want, tail(out, 3000))
			}
			if n := countKeys(t, srv.URL, consentRegions...); n != 0 {
				t.Errorf("the emulator holds %d key(s) after a run without consent\n%s", n, tail(out, 3000))
			}
		})
	}
}

func TestAccessibleWritesWithConsent(t *testing.T) {
	srv := emulatorEnv(t)
	for _, tc := range []struct {
		name    string
		confirm []string
		mod     func(*Config)
	}{
		{"typed y in a terminal", []string{"y"}, func(c *Config) { c.Interactive = true }},
		{"--yes without a terminal", nil, func(c *Config) { c.Yes = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := srv.Reset(); err != nil {
				t.Fatal(err)
			}
			// Stop at the policy step's pause by ending the input there.
			input := strings.Join(append(append(toConfirm[:len(toConfirm):len(toConfirm)], tc.confirm...), ""), "\n")
			out, err := runAccessibleOnEmulator(t, srv, input, tc.mod)
			if !errors.Is(err, ErrEndOfInput) || !strings.Contains(out, "Done: 4 changes made.") /* moto: the replica alias was copied */ {
				t.Errorf("error = %v; want the key set made, then a stop at end of input\n%s", err, tail(out, 3000))
			}
			if n := countKeys(t, srv.URL, "ap-northeast-1", "ap-northeast-3"); n != 2 {
				t.Errorf("the emulator holds %d key(s), want the primary and its replica\n%s", n, tail(out, 3000))
			}
		})
	}
}

// A failed apply is retried only on a typed yes: with --yes the run ends
// with the error (as setup does) instead of retrying for ever, and in a
// terminal the retry question defaults to no.
func TestAccessibleFailedApplyIsNotRetriedWithoutATypedYes(t *testing.T) {
	fail := errors.New("AccessDeniedException: not authorized to perform kms:CreateKey")
	for _, tc := range []struct {
		name    string
		cfg     func(*Config)
		confirm []string
		want    error
	}{
		{"--yes", func(c *Config) { c.Yes = true }, nil, fail},
		{"terminal, enter at the retry", func(c *Config) { c.Interactive = true }, []string{"y", ""}, ErrAborted},
		{"terminal, end of input at the retry", func(c *Config) { c.Interactive = true }, []string{"y"}, ErrEndOfInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := &stubEngine{applyErr: fail}
			cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Now: func() time.Time { return fixedNow }}
			tc.cfg(&cfg)
			done := make(chan error, 1)
			var out strings.Builder
			go func() {
				_, _, err := RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(append(toConfirm[:len(toConfirm):len(toConfirm)], tc.confirm...), "\n")+"\n"), &out)
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, tc.want) || eng.applies != 1 {
					t.Errorf("error %v after %d applies; want %v after 1\n%s", err, eng.applies, tc.want, tail(out.String(), 2000))
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("the accessible wizard did not end (%d applies so far)", eng.applies)
			}
		})
	}
}
