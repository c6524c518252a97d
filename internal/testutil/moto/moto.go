// Package moto starts a real KMS/STS emulator (Python moto's moto_server) on
// a free loopback port for tests and benchmarks, and stops it afterwards.
//
// When moto_server cannot be found the test fails (it is never skipped) and
// says how to install it.
package moto

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// AccountID is the account moto answers with.
const AccountID = "123456789012"

// Server is a running moto_server.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	Port int
	cmd  *exec.Cmd
}

// InstallHint says how to get the emulator.
const InstallHint = "moto_server (Python moto) was not found on PATH. Install it with " +
	"`python3 -m pip install 'moto[server]'`, or put the Python that has it (e.g. pyenv's shims, ~/.pyenv/shims) on PATH. " +
	"Set MOTO_SERVER=/path/to/moto_server to choose one."

// Command finds the emulator: $MOTO_SERVER, moto_server on PATH, or ~/.pyenv/shims/moto_server.
func Command() (string, error) {
	if p := os.Getenv("MOTO_SERVER"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("moto_server"); err == nil {
		return p, nil
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".pyenv", "shims", "moto_server")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s", InstallHint)
}

// Start starts moto_server on a free loopback port. Stop it with Stop.
func Start() (*Server, error) {
	bin, err := Command()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Getenv("MOTO_LOG") == "" {
		cmd.Stdout, cmd.Stderr = nil, nil
	} else {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w (%s)", bin, err, InstallHint)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), Port: port, cmd: cmd}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("moto_server exited before it answered: %v (%s)", err, InstallHint)
		default:
		}
		resp, err := http.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			// The first GetResources of the process imports the tagging
			// back end of every service moto can tag: seconds, tens of
			// seconds on a loaded machine, longer than a call timeout.
			// Paid here, once, before any test or benchmark runs.
			if err := s.WarmTagging("us-east-1"); err != nil {
				s.Stop()
				return nil, err
			}
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("moto_server did not answer on %s within 30s", s.URL)
}

// StartT starts the emulator for a test, failing the test when it cannot, and
// stops it when the test ends.
func StartT(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start()
	if err != nil {
		tb.Fatalf("KMS emulator: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// Reset clears every resource the emulator holds.
func (s *Server) Reset() error {
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("moto reset: HTTP %d", resp.StatusCode)
	}
	return nil
}

// WarmTagging asks the Resource Groups Tagging API once in each Region. After
// a reset the emulator builds its tagging back end on the first GetResources
// of a Region (a few hundred ms on a loaded machine, which AWS does not
// spend); a test with a short call timeout, or a benchmark, does it first.
// Start does it once for the import of that back end.
func (s *Server) WarmTagging(regions ...string) error {
	for _, region := range regions {
		req, _ := http.NewRequest("POST", s.URL+"/", strings.NewReader(`{"ResourceTypeFilters":["kms:key"]}`))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/"+region+"/tagging/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("moto GetResources in %s: HTTP %d", region, resp.StatusCode)
		}
	}
	return nil
}

// Stop kills the emulator and its process group.
func (s *Server) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	time.Sleep(10 * time.Millisecond)
}

// Env returns environment variables that point the AWS SDK and CLI at the
// emulator with dummy credentials and no shared config.
func (s *Server) Env(dir string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + s.URL,
		"AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing",
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "aws-credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// SetEnv points the AWS SDK of the test's own process at the emulator for
// the length of the test: the variables of Env (with a fresh directory for
// the shared config and credentials files), and no Region or profile from
// the machine's environment. It uses t.Setenv, so the test must not be
// parallel.
func (s *Server) SetEnv(tb testing.TB) {
	tb.Helper()
	for _, kv := range s.Env(tb.TempDir()) {
		k, v, _ := strings.Cut(kv, "=")
		tb.Setenv(k, v)
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"} {
		tb.Setenv(k, "")
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
