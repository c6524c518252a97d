package ui

// The test helpers of the wizard, in one place: the one fake engine (for
// Update tests that need answers no emulator gives on demand; flows run the
// real engine against moto), the synchronous command runner, and the
// harness that drives the model with it.

import (
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zcmk/zcmk-tui/internal/docs"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
	"github.com/zcmk/zcmk-tui/internal/ui/flow"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

var fixedNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// runbookFor is the runbook of cfg.Session in cfg's language, as
// `zcmk-tui runbook` makes it (internal/docs).
func runbookFor(cfg Config) string {
	cfg = withDefaults(cfg)
	return docs.Runbook(cfg.Catalogue, docs.Record{Session: cfg.Session, Now: cfg.Now()})
}

// stubEngine answers like the engine, without AWS. The teatest flows and
// the end-to-end test use the real engine; these tests are about Update().
type stubEngine struct {
	idErr, probeErr, planErr error
	applyBlocks              bool
	verifyErr                error               // Verify could check nothing
	verifyRep                *setup.VerifyReport // Verify's report (default: healthyReport)
	verified                 []setup.VerifyOptions
	planned                  []setup.Options // every Plan's options
	applyErr                 error           // Apply fails with it (after no change)
	applies                  int
	// A blocked Apply (applyBlocks) reports applyEvents, closes applying
	// (when set), waits for the stop and then reports stopEvents: the
	// calls in flight as a stop leaves them.
	applyEvents, stopEvents []setup.Event
	applying                chan struct{}
	// keyReplicas are the replica Regions DescribeExistingKey reports of
	// any existing key (none by default); keyErr its error.
	keyReplicas []string
	keyErr      error
	// aliasKey is what DescribeAlias reads of any alias (nil: it names no
	// key, the default); aliasErr its error.
	aliasKey *setup.ExistingKey
	aliasErr error
}

func (s *stubEngine) DefaultRegion() string { return "ap-northeast-1" }
func (s *stubEngine) Identity(context.Context) (setup.Identity, error) {
	if s.idErr != nil {
		return setup.Identity{}, s.idErr
	}
	return setup.Identity{AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/admin", Partition: "aws"}, nil
}
func (s *stubEngine) Probe(context.Context, string) error { return s.probeErr }
func (s *stubEngine) Plan(_ context.Context, o setup.Options) (*setup.Plan, error) {
	s.planned = append(s.planned, o)
	if s.planErr != nil {
		return nil, s.planErr
	}
	o.AccountID = "111122223333"
	p := setup.OfflinePlan(o)
	p.DryRun = false // a plan made with credentials
	return p, nil
}
func (s *stubEngine) Apply(ctx context.Context, p *setup.Plan, on func(setup.Event)) (*setup.Result, error) {
	s.applies++
	if on == nil { // the engine's Apply takes no callback too
		on = func(setup.Event) {}
	}
	if s.applyErr != nil {
		return p.Result(), s.applyErr
	}
	if s.applyBlocks {
		for _, ev := range s.applyEvents {
			on(ev)
		}
		if s.applying != nil {
			close(s.applying)
		}
		<-ctx.Done()
		for _, ev := range s.stopEvents {
			on(ev)
		}
		return nil, ctx.Err()
	}
	res := p.Result()
	for i := range res.Keys {
		res.Keys[i].KeyID = "mrk-1234abcd12ab34cd56ef1234567890ab"
		res.Keys[i].ARN = "arn:aws:kms:" + res.Keys[i].Region + ":111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
		res.Keys[i].Policy, res.Keys[i].ZoomGrant, res.Keys[i].KeyState = "applied", true, "Enabled"
		on(setup.Event{Region: res.Keys[i].Region, Action: setup.ActReadBack, Status: setup.StatusDone})
	}
	res.Changed, res.WriteCalls, res.Changes = true, p.Changes(), p.Changes()
	return res, nil
}

func (s *stubEngine) DescribeExistingKey(_ context.Context, region, ref string) (*setup.ExistingKey, error) {
	if s.keyErr != nil {
		return nil, s.keyErr
	}
	arn := ref
	if a, err := zoom.ParseKeyARN(ref); err != nil || a.Region != region {
		arn = "arn:aws:kms:" + region + ":111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	}
	return &setup.ExistingKey{KeyID: flow.KeyIDOf(arn), ARN: arn, Region: region, Replicas: s.keyReplicas}, nil
}

func (s *stubEngine) DescribeAlias(context.Context, string, string) (*setup.ExistingKey, error) {
	return s.aliasKey, s.aliasErr
}

func (s *stubEngine) Verify(_ context.Context, o setup.VerifyOptions) (*setup.VerifyReport, error) {
	s.verified = append(s.verified, o)
	if s.verifyErr != nil {
		return nil, s.verifyErr
	}
	if s.verifyRep != nil {
		return s.verifyRep, nil
	}
	return healthyReport(o), nil
}

// healthyReport is what Verify says of a healthy key set named by o.
func healthyReport(o setup.VerifyOptions) *setup.VerifyReport {
	a, _ := zoom.ParseKeyARN(o.Key)
	rep := &setup.VerifyReport{OK: true, AccountID: a.Account, Partition: a.Partition, ZoomAccountID: zoom.ZoomAccountID,
		Alias: o.Alias, KeyID: a.KeyID, PrimaryRegion: a.Region}
	for i, r := range append([]string{a.Region}, o.Replicas...) {
		k := setup.KeyReport{Region: r, Role: setup.RolePrimary, ARN: strings.Replace(o.Key, a.Region, r, 1), KeyID: a.KeyID, KeyState: "Enabled"}
		ids := []string{setup.CheckKeyState, setup.CheckKeyKind, setup.CheckZoomGrant, setup.CheckAdmin, setup.CheckAlias, setup.CheckRotation}
		if i > 0 {
			k.Role = setup.RoleReplica
			ids = []string{setup.CheckKeyState, setup.CheckKeyKind, setup.CheckZoomGrant, setup.CheckAdmin, setup.CheckDrift, setup.CheckAlias}
		}
		for _, id := range ids {
			k.Checks = append(k.Checks, setup.Check{ID: id, Status: setup.CheckOK, Text: i18n.Msg{ID: "setup.literal", Args: []any{id + " is as Zoom needs it"}}})
		}
		k.Checks = append(k.Checks, setup.Check{ID: setup.CheckLastUse, Status: setup.CheckOK, Unknown: true, Text: i18n.Msg{ID: "setup.literal", Args: []any{"the endpoint does not support GetKeyLastUsage"}}})
		rep.Keys = append(rep.Keys, k)
	}
	return rep
}

// motoEngine starts the emulator, points the environment at it (no Region,
// no profile: the engine defaults to us-east-1) and returns an engine on
// endpoint, or on the emulator itself when endpoint is "".
func motoEngine(t *testing.T, endpoint string) (*setup.Engine, *moto.Server) {
	t.Helper()
	srv := moto.StartT(t)
	srv.SetEnv(t)
	return engineOn(t, srv, endpoint), srv
}

// engineOn is an engine on endpoint ("" = the emulator srv).
func engineOn(t *testing.T, srv *moto.Server, endpoint string) *setup.Engine {
	t.Helper()
	if endpoint == "" {
		endpoint = srv.URL
	}
	eng, err := setup.New(context.Background(), setup.Config{EndpointURL: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	eng.PollInterval = 50 * time.Millisecond
	return eng
}

// cmdRunner runs commands synchronously, one after the other, and feeds
// each message back to update, running the commands that answer in turn.
// Timers are told by what they are, never by how long they take: timer
// commands (tea.Tick, which the spinner uses, and the text cursor's blink)
// by the function that makes them, and are not run; timer messages (the
// spinner's tick, the cursor's blink) by their type, and are dropped, so no
// timer is re-armed. Every other command runs to its end however long it
// takes (one that has not returned after a minute fails the test: it is
// blocked).
type cmdRunner struct {
	tb     testing.TB
	update func(tea.Msg) tea.Cmd
	quit   bool // a command asked the program to quit
	saved  int  // session saves run
	// hold, when set, keeps the commands it names from running: they wait
	// in held, for a test that does something before their answer comes.
	hold func(tea.Cmd) bool
	held []tea.Cmd
}

// isCmdOf reports whether cmd was made by the function named name (e.g.
// "existingKeyCmd").
func isCmdOf(cmd tea.Cmd, name string) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	return fn != nil && strings.Contains(fn.Name(), "."+name+".")
}

func (r *cmdRunner) run(cmd tea.Cmd) {
	if cmd == nil || isTimerCmd(cmd) {
		return
	}
	if r.hold != nil && r.hold(cmd) {
		r.held = append(r.held, cmd)
		return
	}
	msg := r.call(cmd)
	if isTimer(msg) {
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.QuitMsg:
		r.quit = true
	case tea.BatchMsg:
		for _, c := range msg {
			r.run(c)
		}
	default:
		// tea.Sequence's message is an unexported slice of commands.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				r.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		if _, ok := msg.(savedMsg); ok {
			r.saved++
		}
		r.run(r.update(msg))
	}
}

func (r *cmdRunner) call(cmd tea.Cmd) tea.Msg {
	r.tb.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(time.Minute):
		r.tb.Fatalf("a command has not returned after a minute: it is blocked")
		return nil
	}
}

// timerFuncs are the functions whose commands only wait, then tick.
var timerFuncs = []string{
	"github.com/charmbracelet/bubbletea.Tick.",
	"github.com/charmbracelet/bubbles/cursor.(*Model).BlinkCmd.",
}

func isTimerCmd(cmd tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	if fn == nil {
		return false
	}
	for _, p := range timerFuncs {
		if strings.HasPrefix(fn.Name(), p) {
			return true
		}
	}
	return false
}

// isTimer reports whether msg is the answer of a timer: the spinner's tick
// or the text cursor's blink (its first blink message is unexported).
func isTimer(msg tea.Msg) bool {
	switch msg.(type) {
	case spinner.TickMsg, cursor.BlinkMsg:
		return true
	}
	return msg != nil && reflect.TypeOf(msg).String() == "cursor.initialBlinkMsg"
}

// harness drives the wizard's model with the command runner.
type harness struct {
	t *testing.T
	m *Model
	cmdRunner
}

func newHarness(t *testing.T, eng Engine, sess *state.Session, mod ...func(*Config)) *harness {
	t.Helper()
	cfg := Config{Engine: eng, StatePath: filepath.Join(t.TempDir(), "session.json"), Session: sess,
		Now: func() time.Time { return fixedNow }}
	for _, f := range mod {
		f(&cfg)
	}
	h := &harness{t: t, m: New(cfg)}
	h.cmdRunner = cmdRunner{tb: t, update: h.update}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.do(h.m.Init())
	return h
}

func (h *harness) update(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

func (h *harness) send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		h.run(h.update(msg))
	}
}

func (h *harness) do(cmd tea.Cmd) { h.run(cmd) }

// play sends msgs without running the commands Update answers with: for
// a test that plays the engine's part itself (progress events of an Apply
// that is not running, whose next read would wait for ever).
func (h *harness) play(msgs ...tea.Msg) {
	for _, msg := range msgs {
		h.update(msg)
	}
}

// checkFits fails the test when view has more than h lines or a line wider
// than w columns (display width: East Asian wide characters count two).
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

// screenOf is the screen of type T among m's steps.
func screenOf[T screen](m *Model) T {
	for _, sc := range m.screens {
		if t, ok := sc.(T); ok {
			return t
		}
	}
	var zero T
	return zero
}

// The steps' screens, for the tests that look inside one.
func (h *harness) pre() *prereqStep  { return screenOf[*prereqStep](h.m) }
func (h *harness) reg() *regionsStep { return screenOf[*regionsStep](h.m) }
func (h *harness) keyStep() *keyStep { return screenOf[*keyStep](h.m) }
func (h *harness) pol() *policyStep  { return screenOf[*policyStep](h.m) }
func (h *harness) arn() *arnsStep    { return screenOf[*arnsStep](h.m) }
func (h *harness) prt() *portalStep  { return screenOf[*portalStep](h.m) }

// stepIDList are the IDs of the steps, in order.
func stepIDList() []string {
	var out []string
	for s := range flow.NumSteps {
		out = append(out, s.ID())
	}
	return out
}

// applyKeySet makes the key set of o on eng (plan and apply, no consent
// asked): a key set that exists before the wizard starts.
func applyKeySet(t *testing.T, eng *setup.Engine, o setup.Options) *setup.Result {
	t.Helper()
	p, err := eng.Plan(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Apply(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
