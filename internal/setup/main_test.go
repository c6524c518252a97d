package setup

import (
	"context"
	"os"
	"strings"
	"testing"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// One emulator for the package; every test resets it.
var emu *moto.Server

func TestMain(m *testing.M) {
	s, err := moto.Start()
	if err != nil {
		// Fail, never skip: the engine is only tested against a real emulator.
		os.Stderr.WriteString("FAIL: KMS emulator: " + err.Error() + "\n")
		os.Exit(1)
	}
	emu = s
	dir, _ := os.MkdirTemp("", "zcmk-setup-test")
	for _, kv := range s.Env(dir) {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	os.Unsetenv("AWS_PROFILE")
	os.Unsetenv("AWS_REGION")
	os.Unsetenv("AWS_DEFAULT_REGION")
	code := m.Run()
	s.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fresh resets the emulator and returns a new engine pointed at it.
func fresh(t *testing.T) *Engine {
	t.Helper()
	if err := emu.Reset(); err != nil {
		t.Fatal(err)
	}
	return newEngine(t, emu.URL)
}

func newEngine(t *testing.T, endpoint string) *Engine {
	t.Helper()
	e, err := New(context.Background(), Config{EndpointURL: endpoint, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	e.PollInterval = 10e6
	return e
}

// checker makes calls of its own, separate from the engine under test, to
// check what is really in the emulator.
func checker(t *testing.T) *awsx.Clients {
	t.Helper()
	c, err := awsx.Load(context.Background(), awsx.Config{EndpointURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
