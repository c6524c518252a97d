package setup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// A drill touches only the key set it owns. Before a DisableKey the key must
// be the set's own in its Region: the caller's account owns it, the alias
// points at exactly that key, and the key carries this tool's tag for the
// alias (TagAlias). The drill then marks the key with TagDrill (its ID)
// before disabling it, and a restore enables a key only when that mark, the
// alias tag and the account still match the drill record: a record planted
// in the session file, or one naming a key someone disabled on purpose,
// enables nothing.

// TagDrill marks a key a drill disabled; its value is the drill's ID. It is
// set before the DisableKey and removed after the key is Enabled again.
const TagDrill = "zcmk-tui:drill"

// noDrillID stands for the ID of a record that has none: it owns no key.
const noDrillID = "-"

// newDrillID is a random ID for a drill record and its TagDrill mark.
func newDrillID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NotOwnedError is a key the drill refuses to disable or enable: it is not
// (or no longer) provably the one the drill owns.
type NotOwnedError struct {
	Target DrillTarget
	Reason i18n.Msg
}

func (e *NotOwnedError) Error() string { return text(e.Localized()) }

// Localized names the key and the reason.
func (e *NotOwnedError) Localized() i18n.Msg {
	return msg("drill.owned.refused", e.Target.Region, e.Target.ARN, e.Reason)
}

// ownership is what owned requires.
type ownership struct {
	alias   string // the set's alias: TagAlias must name it
	account string // the caller's account
	aliasTo bool   // the alias must point at exactly this key (before a DisableKey)
	drillID string // TagDrill must carry it ("" = not checked)
}

// owned checks that t's key is the one the drill owns (see ownership). A
// refusal is a *NotOwnedError; a call that failed is returned as it is.
func (e *Engine) owned(ctx context.Context, t DrillTarget, w ownership) error {
	refuse := func(m i18n.Msg) error { return &NotOwnedError{Target: t, Reason: m} }
	arn, err := zoom.ParseKeyARN(t.ARN)
	if err != nil {
		return refuse(msg("drill.owned.no-arn", t.ARN))
	}
	if arn.Account != w.account || arn.Region != t.Region || arn.KeyID != t.KeyID {
		return refuse(msg("drill.owned.account", arn.Account, w.account))
	}
	k := e.cl.KMS(t.Region)
	var (
		aliasKey       *awsx.Key
		aliasErr       error
		tags           []awsx.Tag
		tagsErr        error
		aliasRequested = w.aliasTo
	)
	fns := []func() error{func() error { tags, tagsErr = k.Tags(ctx, t.KeyID); return nil }}
	if aliasRequested {
		fns = append(fns, func() error { aliasKey, aliasErr = k.DescribeKey(ctx, w.alias); return nil })
	}
	_ = parallel(fns...)
	if aliasRequested {
		switch {
		case awsx.IsNotFound(aliasErr):
			return refuse(msg("drill.owned.no-alias", w.alias))
		case aliasErr != nil:
			return aliasErr
		case aliasKey.ARN != t.ARN:
			return refuse(msg("drill.owned.alias-elsewhere", w.alias, aliasKey.ARN))
		}
	}
	if tagsErr != nil {
		return tagsErr
	}
	if !slices.Contains(tags, awsx.Tag{Key: TagAlias, Value: w.alias}) {
		// KMS keeps tags per Region: a replica made without them (or by
		// an emulator that drops them) shows the set's tag on its primary.
		ok, err := e.primaryTagged(ctx, t, w.alias)
		if err != nil {
			return err
		}
		if !ok {
			return refuse(msg("drill.owned.no-tag", TagAlias, w.alias, t.ARN, TagAlias, w.alias, t.Region))
		}
	}
	if w.drillID == noDrillID {
		return refuse(msg("drill.owned.no-id"))
	}
	if w.drillID != "" && !slices.Contains(tags, awsx.Tag{Key: TagDrill, Value: w.drillID}) {
		return refuse(msg("drill.owned.no-mark", TagDrill, w.drillID))
	}
	return nil
}

// aliasFromKey sets vo.Alias to the alias the key's TagAlias names. A key
// without it is refused: it was not set up by this tool.
func (e *Engine) aliasFromKey(ctx context.Context, vo *VerifyOptions) error {
	region := vo.Region
	if region == "" {
		region = e.DefaultRegion()
	}
	tags, err := e.cl.KMS(region).Tags(ctx, vo.Key)
	if awsx.IsNotFound(err) {
		return nil // verify says the key is not there
	}
	if err != nil {
		return err
	}
	for _, t := range tags {
		if t.Key == TagAlias {
			vo.Alias = t.Value
			return nil
		}
	}
	r := &DrillRefusedError{}
	r.refuse(msg("drill.owned.key-untagged", vo.Key, region, TagAlias))
	return r
}

// RestoreRefusedError is a restore that left keys as they are because the
// drill record does not own them (see owned). The record is closed: those
// keys are not the drill's to enable.
type RestoreRefusedError struct {
	Refused []RestoreFailure // each Err is a *NotOwnedError
}

func (e *RestoreRefusedError) Error() string { return text(e.Localized()) }

// Localized says which keys were left as they are, why, and the command
// that enables one by hand for an admin who knows it should be Enabled.
func (e *RestoreRefusedError) Localized() i18n.Msg {
	var why, cmds []i18n.Msg
	for _, f := range e.Refused {
		why = append(why, msg("drill.restore-refused.key", oneLineMsg(localize(f.Err))))
	}
	for _, c := range e.Commands() {
		cmds = append(cmds, msg("drill.restore-failed.command", c))
	}
	return msg("drill.restore-refused", joinMsgs("setup.join.lines", why), joinMsgs("setup.join.lines", cmds))
}

// Commands are the AWS CLI commands that would enable the refused keys.
func (e *RestoreRefusedError) Commands() []string {
	var out []string
	for _, f := range e.Refused {
		out = append(out, EnableKeyCommand(f.Target))
	}
	return out
}

// primaryTagged reports whether the primary of t's multi-Region key (in
// another Region) carries TagAlias=alias.
func (e *Engine) primaryTagged(ctx context.Context, t DrillTarget, alias string) (bool, error) {
	key, err := e.cl.KMS(t.Region).DescribeKey(ctx, t.KeyID)
	if err != nil {
		return false, err
	}
	if !key.MultiRegion || key.PrimaryRegion == "" || key.PrimaryRegion == t.Region {
		return false, nil
	}
	tags, err := e.cl.KMS(key.PrimaryRegion).Tags(ctx, t.KeyID)
	if err != nil {
		return false, err
	}
	return slices.Contains(tags, awsx.Tag{Key: TagAlias, Value: alias}), nil
}
