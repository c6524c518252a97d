package zoom

import (
	"regexp"
	"strings"
	"sync"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// KeyARN is a parsed KMS key ARN.
type KeyARN struct{ Partition, Region, Account, KeyID string }

// String renders arn:<partition>:kms:<region>:<account>:key/<key-id>.
func (k KeyARN) String() string {
	return "arn:" + k.Partition + ":kms:" + k.Region + ":" + k.Account + ":key/" + k.KeyID
}

// MultiRegion reports whether the key ID is a multi-Region one (mrk-...).
func (k KeyARN) MultiRegion() bool { return strings.HasPrefix(k.KeyID, "mrk-") }

// The patterns are compiled at their first use, not at every start of the
// tool (the counted repetitions unroll: the two key-ID patterns alone cost
// more than a tenth of a millisecond, paid by `version` too).
var (
	uuidRE     = lazyRE(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	mrkRE      = lazyRE(`^mrk-([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`)
	regionRE   = lazyRE(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	partitions = []string{"aws", "aws-us-gov", "aws-cn"}
)

// lazyRE is a pattern compiled at its first use.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// ValidKeyID reports whether id is a KMS key ID: a UUID
// (1234abcd-12ab-34cd-56ef-1234567890ab) or a multi-Region key ID
// (mrk-1234abcd12ab34cd56ef1234567890ab). KMS writes the 32 hex digits of a
// multi-Region ID without dashes; the KMS emulator used in tests (moto)
// writes mrk- followed by a dashed UUID, which is accepted too.
func ValidKeyID(id string) bool { return uuidRE().MatchString(id) || mrkRE().MatchString(id) }

const keyARNExample = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"

// ParseKeyARN parses and validates a KMS key ARN (not an alias ARN):
// arn:(aws|aws-us-gov|aws-cn):kms:<region>:<12 digits>:key/<key-id>.
// The Region's shape is checked, not its presence in the catalogue, so keys
// in the GovCloud and China partitions parse too.
func ParseKeyARN(s string) (KeyARN, error) {
	bad := func(why i18n.Msg) (KeyARN, error) {
		return KeyARN{}, errMsg("zoom.err.arn.bad", shown(s), why, keyARNExample)
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return bad(msg("zoom.err.arn.parts"))
	}
	k := KeyARN{Partition: parts[1], Region: parts[3], Account: parts[4]}
	if indexOf(partitions, k.Partition) < 0 {
		return bad(msg("zoom.err.arn.partition", shown(k.Partition)))
	}
	if parts[2] != "kms" {
		return bad(msg("zoom.err.arn.service", shown(parts[2])))
	}
	if !regionRE().MatchString(k.Region) {
		return bad(msg("zoom.err.arn.region", shown(k.Region)))
	}
	if ValidateAccountID(k.Account) != nil {
		return bad(msg("zoom.err.arn.account", shown(k.Account)))
	}
	res := parts[5]
	if strings.HasPrefix(res, "alias/") {
		return KeyARN{}, errMsg("zoom.err.arn.alias", shown(s), keyARNExample, shown(res))
	}
	id, ok := strings.CutPrefix(res, "key/")
	if !ok {
		return bad(msg("zoom.err.arn.resource"))
	}
	if !ValidKeyID(id) {
		return bad(msg("zoom.err.arn.keyid", shown(id)))
	}
	k.KeyID = id
	return k, nil
}

// KeyRefKind says how a key was referred to.
type KeyRefKind string

// Kinds of key reference.
const (
	KeyRefAlias KeyRefKind = "alias" // alias/zoom-cmk
	KeyRefARN   KeyRefKind = "arn"   // arn:aws:kms:...:key/...
	KeyRefID    KeyRefKind = "id"    // mrk-... or a UUID
)

// KeyRef is a reference to an existing key, as a user may type it.
type KeyRef struct {
	Kind  KeyRefKind
	Alias string  // set for KeyRefAlias
	ARN   *KeyARN // set for KeyRefARN
	KeyID string  // set for KeyRefARN and KeyRefID
}

// String returns the reference as KMS accepts it in KeyId parameters.
func (r KeyRef) String() string {
	switch r.Kind {
	case KeyRefAlias:
		return r.Alias
	case KeyRefARN:
		return r.ARN.String()
	}
	return r.KeyID
}

// MultiRegion reports whether the reference is known to be a multi-Region
// key (an alias could point at anything, so it reports false).
func (r KeyRef) MultiRegion() bool { return strings.HasPrefix(r.KeyID, "mrk-") }

// ParseKeyRef accepts an alias name ("alias/zoom-cmk"), a key ARN, or a bare
// key ID ("mrk-…" or a UUID), for "use an existing key". Alias ARNs are
// refused as in ParseKeyARN.
func ParseKeyRef(s string) (KeyRef, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return KeyRef{}, errMsg("zoom.err.keyref.empty", keyARNExample)
	case strings.HasPrefix(s, "arn:"):
		k, err := ParseKeyARN(s)
		if err != nil {
			return KeyRef{}, err
		}
		return KeyRef{Kind: KeyRefARN, ARN: &k, KeyID: k.KeyID}, nil
	case strings.HasPrefix(s, "alias/"):
		if err := ValidateAlias(s); err != nil {
			return KeyRef{}, err
		}
		return KeyRef{Kind: KeyRefAlias, Alias: s}, nil
	case ValidKeyID(s):
		return KeyRef{Kind: KeyRefID, KeyID: s}, nil
	}
	return KeyRef{}, errMsg("zoom.err.keyref.bad", shown(s), keyARNExample)
}
