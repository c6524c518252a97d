package docs

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// The infrastructure-as-code export: the session's key set as Terraform or
// CloudFormation that adopts (imports) what exists instead of creating it.
// It is made from plain data: an ExportInput built from the session and,
// unless offline, the facts the engine refreshed from AWS (the faces do the
// refresh; this package makes no AWS call).

// Export formats.
const (
	FormatTerraform      = "terraform"
	FormatCloudFormation = "cloudformation"
)

// ExportFormats lists the formats, for flags and their help.
var ExportFormats = []string{FormatTerraform, FormatCloudFormation}

// KeyFacts is one Region's key as the export writes it. Its fields match
// setup.KeyFacts one to one (convert with docs.KeyFacts(f)).
type KeyFacts struct {
	Region        string
	Role          string // state.RolePrimary or state.RoleReplica
	KeyID         string
	ARN           string
	Description   string
	Spec          string
	Usage         string
	MultiRegion   bool
	PrimaryRegion string
	State         string
	Policy        string            // the key policy exactly as applied
	Tags          map[string]string // the key's tags
	Rotation      bool              // automatic rotation (set on the primary)
	AliasTarget   string            // key ID the set's alias names in this Region; "" = no alias there
}

// AlertSet is the tamper-alert resources of one Region (EventBridge rules
// with their targets, an SNS topic with its policy and subscriptions), as
// the export writes them. Empty when the session has no alerts.
type AlertSet struct {
	Region        string
	Topic         AlertTopic
	Subscriptions []AlertSubscription
	Rules         []AlertRule
}

// AlertTopic is an SNS topic and its policy.
type AlertTopic struct {
	Name   string
	ARN    string
	Policy string // the topic policy exactly as applied
	Tags   map[string]string
}

// AlertSubscription is one subscription of the topic. ARN is "" (or
// "PendingConfirmation") while the recipient has not confirmed it: such a
// subscription cannot be imported.
type AlertSubscription struct {
	Protocol string // email
	Endpoint string
	ARN      string
}

// AlertRule is an EventBridge rule on the default bus and its targets.
type AlertRule struct {
	Name         string
	ARN          string
	Description  string
	EventPattern string // JSON
	State        string // ENABLED
	Tags         map[string]string
	Targets      []AlertTarget
}

// AlertTarget is one target of a rule, with its input transformer.
type AlertTarget struct {
	ID            string
	ARN           string
	InputPaths    map[string]string
	InputTemplate string
}

// ExportInput is everything an export is made from.
type ExportInput struct {
	Lang          i18n.Lang
	Partition     string
	AccountID     string
	ZoomAccountID string
	Alias         string
	Keys          []KeyFacts // primary first
	Alerts        []AlertSet // per Region; empty = no alerts
	// Offline says the facts come from the session alone (--offline):
	// the files say so, since AWS may differ.
	Offline bool
	// Practice says the key set lives in the practice AWS (--practice):
	// the README says so first, for these keys do not exist in AWS.
	Practice bool
}

// File is one file of an export: its name relative to the export folder.
type File struct {
	Name    string
	Content []byte
}

// ExportError is why an input cannot be exported or written, as a
// message. Write says the files could not be written (a runtime failure,
// not bad input).
type ExportError struct {
	Msg   i18n.Msg
	Write bool
}

func (e *ExportError) Error() string { return i18n.NewPrinter(i18n.English).M(e.Msg) }

// Localized is the message, for a face to print in its language.
func (e *ExportError) Localized() i18n.Msg { return e.Msg }

func exportErr(id string, args ...any) error { return &ExportError{Msg: i18n.Msg{ID: id, Args: args}} }

// Export makes the files of format from in. It checks in first: a key set
// with a primary and every key's ID, ARN and a policy that is JSON, and an
// alias that names no other key.
func Export(format string, in ExportInput) ([]File, error) {
	if err := checkInput(in); err != nil {
		return nil, err
	}
	var files []File
	var err error
	switch format {
	case FormatTerraform:
		files, err = terraform(in)
	case FormatCloudFormation:
		files, err = cloudFormation(in)
	default:
		return nil, exportErr("docs.export.err.format", format, strings.Join(ExportFormats, ", "))
	}
	// The JSON files carry text from AWS as it came (a key policy, an event
	// pattern; encoding/json leaves DEL, C1 and bidirectional controls raw):
	// each such character becomes a JSON escape of itself, so that printing
	// a file shows it and the document means the same.
	for i := range files {
		if strings.HasSuffix(files[i].Name, ".json") {
			files[i].Content = safe.JSON(files[i].Content)
		}
	}
	return files, err
}

func checkInput(in ExportInput) error {
	if len(in.Keys) == 0 || in.Keys[0].Role != state.RolePrimary {
		return exportErr("docs.export.err.nokeys")
	}
	if err := zoom.ValidateAlias(in.Alias); err != nil {
		return exportErr("docs.export.err.alias", in.Alias)
	}
	seen := map[string]bool{}
	for i, k := range in.Keys {
		if k.KeyID == "" || k.ARN == "" || (i > 0 && k.Role != state.RoleReplica) || seen[k.Region] {
			return exportErr("docs.export.err.incomplete", k.Region)
		}
		seen[k.Region] = true
		if !json.Valid([]byte(k.Policy)) {
			return exportErr("docs.export.err.policy", k.Region)
		}
		if k.AliasTarget != "" && k.AliasTarget != k.KeyID {
			return exportErr("docs.export.err.aliaselsewhere", in.Alias, k.Region, k.AliasTarget, k.KeyID)
		}
	}
	for _, a := range in.Alerts {
		if !seen[a.Region] {
			return exportErr("docs.export.err.alertregion", a.Region)
		}
	}
	return nil
}

// primary is the primary key of in.
func (in ExportInput) primary() KeyFacts { return in.Keys[0] }

// missingAliases lists the Regions where the alias does not exist yet (it
// will be created, not imported).
func (in ExportInput) missingAliases() []string {
	var out []string
	for _, k := range in.Keys {
		if k.AliasTarget == "" {
			out = append(out, k.Region)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pendingSub reports whether a subscription is not confirmed (no ARN yet).
func pendingSub(s AlertSubscription) bool {
	return s.ARN == "" || strings.EqualFold(s.ARN, "PendingConfirmation") || strings.EqualFold(s.ARN, "pending confirmation")
}

// ExportNames lists the names of the files Export makes of in.
func ExportNames(format string, in ExportInput) ([]string, error) {
	files, err := Export(format, in)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names, nil
}

// printer is the printer of the export's language.
func (in ExportInput) printer() *i18n.Printer { return i18n.NewPrinter(in.Lang) }

// regionName is "ap-northeast-1 (Tokyo)" in the export's language.
func (in ExportInput) regionName(code string) string { return zoom.RegionLabelIn(in.printer(), code) }

// t is message id in the export's language.
func (in ExportInput) t(id string, args ...any) string { return in.printer().T(id, args...) }
