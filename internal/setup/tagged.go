// How the engine finds the keys this tool tagged for an alias, at any
// account size.
//
// The fast way is the Resource Groups Tagging API (tag:GetResources,
// resource type kms:key, filtered on TagAlias=alias): one request per page
// of matches, whatever the number of other keys in the account. Only when
// that API is denied or not served does the engine fall back to reading the
// tags of every multi-Region key (ListKeys, then ListResourceTags per key),
// and then it says once why the run is slower and which permission makes it
// fast.
//
// The Tagging API is eventually consistent: a key tagged a moment ago may not
// be listed yet, and a key listed may have lost the tag or be pending
// deletion since. So:
//   - every key it lists is confirmed with DescribeKey and ListResourceTags
//     before it is used or reported (taggedKeys): a listed key that is no
//     longer tagged, not Enabled, or not the primary is never adopted;
//   - a key hidden by the lag cannot make a second key set: the alias is the
//     lock. A new key's alias is claimed right after CreateKey, before
//     anything else; the run that loses the claim uses the winner's key
//     (read straight from KMS through the alias, not through the Tagging
//     API) and reports its own as unused. A key that was hidden from a
//     lookup is at worst an unused key, named by the next plan or verify
//     once the API lists it; it is never adopted silently, never given a
//     replica, never saved;
//   - keys this process created are remembered and confirmed directly, so
//     two Applies in one process never depend on the lag;
//   - after a CreateKey whose answer was lost, the search looks again right
//     before the retry (after the backoff), when the lag has had time to pass,
//     and if the Tagging API still lists no key, KMS itself is asked before
//     CreateKey may be sent again (lookBeforeRetry): a lost answer makes no
//     second key (lookInKMS says why, and the limits of KMS's own lag).

package setup

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// DefaultFreshLook is how long a plan's lookup stands as the last look
// before CreateKey (see Engine.FreshLook).
const DefaultFreshLook = 2 * time.Second

// tagLook is one lookup of the keys tagged for an alias in one Region.
type tagLook struct {
	ids  []string  // candidates: tagged keys (fast), or every multi-Region key (scan)
	scan bool      // the Tagging API could not be used
	at   time.Time // when its answer came
	gen  int64     // this process's creation count for the alias when it was sent
	note *i18n.Msg // the slower-run note, the first time the engine falls back
}

// lookTagged finds the candidates for keys tagged for alias in region. It
// makes no call per key in the account.
func (e *Engine) lookTagged(ctx context.Context, region, alias string) (tagLook, error) {
	look := tagLook{gen: creations(e.turnKey(region, alias)).Load()}
	if !e.tagScan(region) {
		ids, err := e.cl.Tagging(region).TaggedKeyIDs(ctx, TagAlias, alias)
		look.at = time.Now()
		if err == nil {
			// Only a multi-Region key can be the set's key (the scan lists
			// no other either).
			look.ids = slices.DeleteFunc(ids, func(id string) bool { return !strings.HasPrefix(id, "mrk-") })
			return look, nil
		}
		if awsx.KindOf(err) != awsx.KindAccessDenied && !awsx.IsUnsupported(err) {
			return look, err
		}
		look.note = e.fallBack(region, err)
	}
	look.scan = true
	ids, err := e.cl.KMS(region).ListMultiRegionKeyIDs(ctx)
	look.ids = ids
	return look, err
}

// tagScan reports whether the engine already fell back to the scan in region.
func (e *Engine) tagScan(region string) bool {
	e.scanMu.Lock()
	defer e.scanMu.Unlock()
	return e.scanRegions[region]
}

// fallBack records that region is scanned from now on, and returns the note
// that says why a run is slower, the first time only.
func (e *Engine) fallBack(region string, err error) *i18n.Msg {
	e.scanMu.Lock()
	defer e.scanMu.Unlock()
	if e.scanRegions == nil {
		e.scanRegions = map[string]bool{}
	}
	e.scanRegions[region] = true
	if e.scanSaid {
		return nil
	}
	e.scanSaid = true
	why := "setup.tagged.slow.denied"
	if awsx.IsUnsupported(err) {
		why = "setup.tagged.slow.unsupported"
	}
	m := msg(why, region, awsx.TaggingPermission)
	return &m
}

// turnKey names the alias of one endpoint, profile and Region in this
// process (the account is not known before the identity call; leaving it out
// only makes the check below more careful).
func (e *Engine) turnKey(region, alias string) string {
	return strings.Join([]string{e.cl.Endpoint(), e.cl.Profile(), region, alias}, "\x00")
}

// createdHere holds, per turnKey, the count of CreateKey calls this process
// sent and the keys they made.
var createdHere sync.Map // turnKey -> *created

type created struct {
	n   atomic.Int64
	mu  sync.Mutex
	ids []string
}

func createdFor(k string) *created {
	v, _ := createdHere.LoadOrStore(k, &created{})
	return v.(*created)
}

func creations(k string) *atomic.Int64 { return &createdFor(k).n }

// sendingCreate counts a CreateKey about to be sent for the plan's alias.
func (e *Engine) sendingCreate(p *Plan) { creations(e.turnKey(p.Primary, p.Alias)).Add(1) }

// madeKey remembers a key this process created for the plan's alias.
func (e *Engine) madeKey(p *Plan, keyID string) {
	c := createdFor(e.turnKey(p.Primary, p.Alias))
	c.mu.Lock()
	c.ids = append(c.ids, keyID)
	c.mu.Unlock()
}

// madeHere lists the keys this process created for alias in region.
func (e *Engine) madeHere(region, alias string) []string {
	c := createdFor(e.turnKey(region, alias))
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.ids)
}

// planLookStands reports whether the plan's lookup can stand as the last
// look before CreateKey: made by the fast lookup, answered a moment ago
// (FreshLook: a setup applied without a question in between), and no
// CreateKey for the alias sent by this process since. Then the lookup that
// ran beside the identity call is as recent as a look made now would be,
// and the alias claim covers the rest, as it covers the moment between any
// last look and CreateKey.
func (e *Engine) planLookStands(p *Plan) bool {
	fresh := e.FreshLook
	if fresh == 0 {
		fresh = DefaultFreshLook
	}
	return !p.look.at.IsZero() && !p.look.scan && fresh > 0 && time.Since(p.look.at) < fresh &&
		creations(e.turnKey(p.Primary, p.Alias)).Load() == p.look.gen
}

// lookForTagged looks in the primary Region for a usable key tagged for the
// plan's alias. With onlyNew it confirms only the keys the plan did not see
// (the plan read the others). Keys this process created for the alias are
// always confirmed, whatever the Tagging API lists yet.
func (e *Engine) lookForTagged(ctx context.Context, k *awsx.KMS, p *Plan, onlyNew bool) (*awsx.Key, error) {
	look, err := e.lookTagged(ctx, p.Primary, p.Alias)
	if err != nil {
		return nil, err
	}
	ids := look.ids
	if !look.scan {
		for _, id := range e.madeHere(p.Primary, p.Alias) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if onlyNew {
		ids = slices.DeleteFunc(ids, func(id string) bool { return p.planned[id] })
		if len(ids) == 0 {
			return nil, nil
		}
	}
	found, _, err := e.findTagged(ctx, k, p.Alias, ids, p.Primary)
	return found, err
}

// lookBeforeRetry is the look right before a second CreateKey, after one
// whose answer was lost. The Tagging API is asked first (one request, and
// its lag has usually passed after the backoff); when it lists no usable key
// and the lookup was not already the scan, KMS itself is asked (lookInKMS).
// Only when that finds no key either may CreateKey be retried.
func (e *Engine) lookBeforeRetry(ctx context.Context, k *awsx.KMS, p *Plan) (*awsx.Key, error) {
	found, err := e.lookForTagged(ctx, k, p, false)
	if err != nil || found != nil || e.tagScan(p.Primary) {
		return found, err
	}
	return e.lookInKMS(ctx, k, p)
}

// lookInKMS looks for a usable key tagged for the plan's alias in the
// primary Region without the Tagging API: every multi-Region key KMS lists
// (ListKeys, paged), each one's tags read and a tagged one described, as the
// scan does. It costs a request per multi-Region key in the account, so it
// runs only in the path that needs it: a CreateKey whose outcome is unknown
// (its answer lost, a timeout, an internal error), the Tagging API still not
// listing any key after the backoff.
//
// Why the retry then makes no second key: a lost answer means KMS carried
// the request out (or refused it) before the connection dropped, so the key
// it made, if any, exists before this look starts. ListKeys and
// ListResourceTags read KMS itself, not the Tagging API's index of it, and
// the tags are set by CreateKey in the same request (KMS never lists the key
// untagged). So the look finds that key and it is adopted (claimed by the
// alias, as if the answer had come); CreateKey is sent again only when KMS
// lists no usable key tagged for the alias. A key another run made in the
// meantime is found the same way, and the alias claim stays the lock for one
// made after this look. Two limits, said plainly: KMS documents its own API
// as eventually consistent too (a change usually shows within a few
// seconds, rarely minutes; the look comes after the backoff and the two
// Tagging lookups); and a call that timed out without any answer may still
// be carried out by KMS after the look, which no look can rule out. In both
// cases the alias claim still makes one key set and names the other key as
// unused, as it does for a concurrent run.
//
// ListKeys gives no creation date, so keeping only keys made since the
// attempt would save no request: each candidate needs one read either way,
// and the tag read comes first because it rules out the other teams' keys
// (DescribeKey follows only for a key tagged for the alias).
func (e *Engine) lookInKMS(ctx context.Context, k *awsx.KMS, p *Plan) (*awsx.Key, error) {
	ids, err := k.ListMultiRegionKeyIDs(ctx)
	if err != nil {
		return nil, err
	}
	found, _, err := e.findTagged(ctx, k, p.Alias, ids, p.Primary)
	return found, err
}
