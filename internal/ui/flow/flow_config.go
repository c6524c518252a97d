package flow

import (
	"context"
	"io"
	"time"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/setup"
	"github.com/zcmk/zcmk-tui/internal/state"
)

// Engine is the part of *setup.Engine the wizard uses.
type Engine interface {
	DefaultRegion() string
	Identity(ctx context.Context) (setup.Identity, error)
	Probe(ctx context.Context, region string) error
	Plan(ctx context.Context, o setup.Options) (*setup.Plan, error)
	Apply(ctx context.Context, p *setup.Plan, onEvent func(setup.Event)) (*setup.Result, error)
	Verify(ctx context.Context, o setup.VerifyOptions) (*setup.VerifyReport, error)
	// DescribeExistingKey reads an existing key given in step 2, with the
	// Regions of its replicas.
	DescribeExistingKey(ctx context.Context, region, ref string) (*setup.ExistingKey, error)
	// DescribeAlias reads the key set the alias of step 3 names, or nil.
	DescribeAlias(ctx context.Context, region, alias string) (*setup.ExistingKey, error)
}

// Config is what the wizard starts from.
type Config struct {
	Engine    Engine
	StatePath string         // session file; "" saves nothing
	Session   *state.Session // loaded from StatePath; nil for a first run
	DryRun    bool           // --dry-run: never write to AWS
	// Yes is --yes: the accessible mode applies a plan without asking.
	// Without it, the accessible mode asks (a typed yes) where standard
	// input is a terminal (Interactive), and writes nothing elsewhere.
	Yes         bool
	Interactive bool
	Profile     string // AWS profile name, for the session file
	Version     string // the tool's version, for the runbook
	Endpoint    string // the KMS endpoint when it is not AWS itself ("" = AWS), for the runbook
	// ZoomAccountID is --zoom-account-id: Zoom's AWS account for Zoom for
	// Government or another Zoom cloud ("" = the session's, else Zoom's
	// commercial account).
	ZoomAccountID string
	RunbookDir    string // where m writes the runbook (the admin's working directory); "" = next to the session file

	ClipboardOut io.Writer // where the OSC 52 sequence goes; nil sends none
	Clipboard    Clipboard // native clipboard; nil for none
	// Catalogue and Lang are the language the wizard starts in; from then
	// on the flow holds the language (flow.SetLang), and nothing reads these.
	Catalogue Catalogue // zero: the catalogue of Lang
	Lang      i18n.Lang // the language chosen by --lang or the locale ("" = English)
	// LangGiven: Lang comes from --lang, and wins over the language saved
	// in the session (which wins over the locale).
	LangGiven bool
	Now       func() time.Time
	// Context, when set, ends the wizard's AWS calls when it is cancelled
	// (e.g. on SIGTERM); ctrl+c in the wizard cancels them too.
	Context context.Context
	// Practice: the wizard runs against the practice AWS (zcmk-tui
	// --practice): every screen says so, and the ARNs are marked as not
	// real. ZoomUses, in practice only, makes the practice AWS record
	// Zoom's use of the key set, once the admin has ticked that the ARNs
	// are in the Zoom portal.
	Practice bool
	ZoomUses func()
	// Width is the terminal's width in columns, for the plain prompts
	// (--accessible): their lines are broken at spaces to it (0: 78).
	Width int
}

// Clipboard writes text to a native clipboard. It returns errNoClipboard
// where there is none.
type Clipboard func(text string) error
