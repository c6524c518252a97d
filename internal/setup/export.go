package setup

import (
	"context"
	"maps"
	"strings"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/state"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// KeyFacts is what the infrastructure-as-code export needs of one Region's
// key, as AWS holds it now. Its fields match docs.KeyFacts one to one, so a
// face converts it with docs.KeyFacts(f).
type KeyFacts struct {
	Region        string
	Role          string // RolePrimary or RoleReplica
	KeyID         string
	ARN           string
	Description   string
	Spec          string // SYMMETRIC_DEFAULT
	Usage         string // ENCRYPT_DECRYPT
	MultiRegion   bool
	PrimaryRegion string
	State         string
	Policy        string            // GetKeyPolicy, exactly as KMS returns it
	Tags          map[string]string // ListResourceTags
	// Rotation is GetKeyRotationStatus of the primary; a replica reports
	// the primary's (rotation is set on the primary only).
	Rotation bool
	// AliasTarget is the key ID the set's alias names in this Region, ""
	// when the alias does not exist there.
	AliasTarget string
}

// ExportFacts reads, with read-only calls only, what an export of the
// session's key set must take from AWS rather than from the session: in
// every Region of keys, the key's metadata (DescribeKey), its current
// policy (GetKeyPolicy), its tags (ListResourceTags) and where alias points
// (DescribeKey on the alias); on the primary, rotation
// (GetKeyRotationStatus). Regions are read concurrently. The result is in
// the order of keys.
func (e *Engine) ExportFacts(ctx context.Context, keys []state.Key, alias string) ([]KeyFacts, error) {
	if err := e.cl.Credentials(ctx); err != nil {
		return nil, err
	}
	out := make([]KeyFacts, len(keys))
	fns := make([]func() error, len(keys))
	for i, sk := range keys {
		fns[i] = func() error {
			f, err := e.keyFacts(ctx, sk, alias)
			out[i] = f
			return err
		}
	}
	if err := parallel(fns...); err != nil {
		return nil, err
	}
	var rot bool
	for _, f := range out {
		if f.Role == RolePrimary {
			rot = f.Rotation
		}
	}
	for i := range out {
		if out[i].Role != RolePrimary {
			out[i].Rotation = rot
		}
	}
	return out, nil
}

func (e *Engine) keyFacts(ctx context.Context, sk state.Key, alias string) (KeyFacts, error) {
	k := e.cl.KMS(sk.Region)
	id := sk.KeyID
	if id == "" {
		id = sk.ARN
	}
	md, err := k.DescribeKey(ctx, id)
	if err != nil {
		return KeyFacts{}, err
	}
	f := KeyFacts{
		Region: sk.Region, Role: sk.Role, KeyID: md.KeyID, ARN: md.ARN, Description: md.Description,
		Spec: md.Spec, Usage: md.Usage, MultiRegion: md.MultiRegion, PrimaryRegion: md.PrimaryRegion, State: md.State,
	}
	if f.Policy, err = k.GetKeyPolicy(ctx, md.KeyID); err != nil {
		return KeyFacts{}, err
	}
	tags, err := k.Tags(ctx, md.KeyID)
	if err != nil {
		return KeyFacts{}, err
	}
	f.Tags = make(map[string]string, len(tags))
	for _, t := range tags {
		f.Tags[t.Key] = t.Value
	}
	if sk.Role == RolePrimary {
		if f.Rotation, err = k.RotationEnabled(ctx, md.KeyID); err != nil {
			return KeyFacts{}, err
		}
	}
	if alias != "" {
		a, err := k.DescribeKey(ctx, alias)
		switch {
		case awsx.IsNotFound(err):
		case err != nil:
			return KeyFacts{}, err
		default:
			f.AliasTarget = a.KeyID
		}
	}
	return f, nil
}

// SessionFacts is KeyFacts from the session alone, without any AWS call
// (an offline export): each Region's policy as last read back (else the
// policy setup applied), the description and tags the wizard saved (the
// default description otherwise), the tool's own tags on a key it made,
// and rotation as chosen. The alias is taken to name the key everywhere.
func SessionFacts(s *state.Session) []KeyFacts {
	desc := s.WizardDescription
	if desc == "" {
		desc = DefaultDescription
	}
	tags := map[string]string{}
	if s.WizardExistingKey == "" {
		tags[TagAlias] = s.Alias
		tags[TagCreatedBy] = "zcmk-tui"
	}
	for _, t := range s.WizardTags {
		if k, v, ok := strings.Cut(t, "="); ok {
			tags[k] = v
		}
	}
	out := make([]KeyFacts, 0, len(s.Keys))
	for _, k := range s.Keys {
		if k.KeyID == "" {
			if a, err := zoom.ParseKeyARN(k.ARN); err == nil {
				k.KeyID = a.KeyID
			}
		}
		policy := s.ReadBack[k.Region]
		if policy == "" {
			policy = s.Policy
		}
		out = append(out, KeyFacts{
			Region: k.Region, Role: k.Role, KeyID: k.KeyID, ARN: k.ARN, Description: desc,
			Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", MultiRegion: true, PrimaryRegion: s.PrimaryRegion,
			Policy: policy, Tags: maps.Clone(tags), Rotation: !s.WizardNoRotation, AliasTarget: k.KeyID,
		})
	}
	return out
}
