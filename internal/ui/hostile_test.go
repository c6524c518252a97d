package ui

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zcmk/zcmk-tui/internal/aws/awstest"
	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// frameRecorder is the wizard with every frame its real View draws kept.
type frameRecorder struct {
	*Model
	mu     sync.Mutex
	frames []string
}

func (r *frameRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.Model.Update(msg)
	return r, cmd
}

func (r *frameRecorder) View() string {
	v := r.Model.View()
	r.mu.Lock()
	if n := len(r.frames); n == 0 || r.frames[n-1] != v {
		r.frames = append(r.frames, v)
	}
	r.mu.Unlock()
	return v
}

// sgrRE is the renderer's own styling, the only escape sequence a frame may hold.
var sgrRE = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// TestHostileKeyEveryScreen walks the wizard over a key whose policy Sids,
// description and tags hold terminal control sequences (OSC 52, CSI, BEL,
// C1, DEL) and bidirectional controls, whose alias listing holds them too,
// and whose first EnableKeyRotation answers an error that holds them: no
// frame the real View draws holds any of those bytes, besides the
// renderer's own colour sequences; the text is shown escaped.
func TestHostileKeyEveryScreen(t *testing.T) {
	srv, proxy := hostileAWS(t)
	path := filepath.Join(t.TempDir(), "session.json")
	rec := &frameRecorder{Model: New(Config{Engine: engineOn(t, srv, proxy.URL), StatePath: path, Now: func() time.Time { return fixedNow }})}
	tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() { _ = tm.Quit() })
	f := &teaFlow{t: t, tm: tm, path: path, url: srv.URL, srv: srv}

	f.wait("Step 1 of 7: Prerequisites", "KMS answers in us-east-1")
	f.enter(4)
	f.wait("Step 2 of 7: Regions", "Which key?")
	f.enter(1)
	f.wait("Primary Region")
	f.enter(1)
	f.wait("Replica Regions for us-east-1")
	f.enter(1)
	f.wait("Step 3 of 7: Key", aliasField)
	f.enter(1) // the alias names the hostile key: only rotation is asked besides
	f.wait("Automatic key rotation")
	f.enter(1)
	f.wait("Apply these")
	f.enter(1)
	f.wait("denied")
	f.key("r")
	f.wait("Done:")
	f.enter(1)
	f.skipAlerts()
	f.wait("Step 5 of 7: Policy")
	f.key("d")
	f.enter(1)
	f.wait("Step 6 of 7: ARNs")
	f.key("c")
	f.enter(1)
	f.wait("Step 7 of 7: Zoom portal")
	f.key("v")
	f.wait("zoom-grant")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	rec.mu.Lock()
	defer rec.mu.Unlock()
	escaped := false
	for _, fr := range rec.frames {
		plain := sgrRE.ReplaceAllString(fr, "")
		for _, b := range awstest.HostileBytes {
			if strings.Contains(plain, b) {
				t.Fatalf("a frame holds %q:\n%q", b, fr)
			}
		}
		escaped = escaped || strings.Contains(plain, `\x1b]52`)
	}
	if !escaped {
		t.Errorf("no frame shows the outside text escaped")
	}
}

// hostileAWS is moto with the hostile key under the default alias, behind a
// proxy that makes the alias listing hostile too and answers the first
// EnableKeyRotation with a hostile error; AWS_ENDPOINT_URL points at it.
func hostileAWS(t *testing.T) (*moto.Server, *faultproxy.Proxy) {
	t.Helper()
	_, srv := motoEngine(t, "")
	awstest.CreateHostileKey(t, srv.URL, "us-east-1", "123456789012", zoom.DefaultAlias)
	proxy := faultproxy.New(t, srv.URL)
	proxy.Add(faultproxy.Fault{Op: "ListAliases", Rewrite: func(_ faultproxy.Request, b []byte) []byte { return awstest.HostileAliases(b) }})
	st, body := faultproxy.AWSError("ValidationException", "denied "+awstest.Hostile)
	proxy.Add(faultproxy.Fault{Op: "EnableKeyRotation", Times: 1, Status: st, Body: body})
	t.Setenv("AWS_ENDPOINT_URL", proxy.URL)
	return srv, proxy
}

// TestHostileKeyPlainPrompts: the plain line-by-line face over the same
// key, listing and endpoint error writes none of those bytes either.
func TestHostileKeyPlainPrompts(t *testing.T) {
	srv, proxy := hostileAWS(t)
	lines := []string{
		"", "", "", "", // prerequisites
		"", "", "0", // new key (the alias names the hostile key), primary, replicas: the suggestion
		"", "", // alias, rotation (the alias names a key set: no description, no tags)
		"y",    // apply
		"y",    // retry after the endpoint's error
		"", "", // after the policy, after the ARNs
	}
	var out strings.Builder
	cfg := Config{Engine: engineOn(t, srv, proxy.URL), StatePath: filepath.Join(t.TempDir(), "session.json"),
		Now: func() time.Time { return fixedNow }, Interactive: true}
	_, _, _ = RunAccessible(context.Background(), cfg, strings.NewReader(strings.Join(lines, "\n")+"\n"), &out)
	text := out.String()
	for _, b := range awstest.HostileBytes {
		if strings.Contains(text, b) {
			t.Fatalf("the plain prompts hold %q:\n%s", b, text)
		}
	}
	for _, want := range []string{`Zoom\x1b]52`, "denied", `ZXZpbA==\x07`} {
		if !strings.Contains(text, want) {
			t.Errorf("the plain prompts lack %q:\n%s", want, text)
		}
	}
}
