package aws

import (
	"context"
	"errors"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// KMS is the KMS client of one Region.
type KMS struct {
	c      *kms.Client
	region string
	cl     *Clients
}

// Region is the client's Region.
func (k *KMS) Region() string { return k.region }

// Key is what the product needs of KMS key metadata.
type Key struct {
	KeyID          string
	ARN            string
	Account        string
	State          string // Enabled, Disabled, Creating, PendingDeletion, PendingReplicaDeletion, Unavailable, Updating, PendingImport
	Spec           string // SYMMETRIC_DEFAULT, ...
	Usage          string // ENCRYPT_DECRYPT, ...
	Origin         string // AWS_KMS, ...
	Manager        string // CUSTOMER or AWS
	MultiRegion    bool
	PrimaryRegion  string   // Region of the primary key, for a multi-Region key
	ReplicaRegions []string // Regions of the replicas, as the key reports them
	Description    string
	Created        time.Time
	DeletionDate   time.Time // zero unless PendingDeletion
}

// IsPrimary reports whether this Region's key is the primary of its
// multi-Region set. It compares Regions rather than trusting
// MultiRegionKeyType, which some emulators report wrongly after ReplicateKey.
func (k *Key) IsPrimary(region string) bool {
	return k.MultiRegion && k.PrimaryRegion == region
}

func keyFrom(m *types.KeyMetadata) *Key {
	if m == nil {
		return nil
	}
	k := &Key{
		KeyID: sdkaws.ToString(m.KeyId), ARN: sdkaws.ToString(m.Arn), Account: sdkaws.ToString(m.AWSAccountId),
		State: string(m.KeyState), Spec: string(m.KeySpec), Usage: string(m.KeyUsage), Origin: string(m.Origin),
		Manager: string(m.KeyManager), MultiRegion: sdkaws.ToBool(m.MultiRegion), Description: sdkaws.ToString(m.Description),
		Created: sdkaws.ToTime(m.CreationDate), DeletionDate: sdkaws.ToTime(m.DeletionDate),
	}
	if mc := m.MultiRegionConfiguration; mc != nil {
		if mc.PrimaryKey != nil {
			k.PrimaryRegion = sdkaws.ToString(mc.PrimaryKey.Region)
		}
		for _, r := range mc.ReplicaKeys {
			k.ReplicaRegions = append(k.ReplicaRegions, sdkaws.ToString(r.Region))
		}
	}
	return k
}

// Tag is a KMS resource tag.
type Tag struct{ Key, Value string }

func sdkTags(tags []Tag) []types.Tag {
	out := make([]types.Tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, types.Tag{TagKey: sdkaws.String(t.Key), TagValue: sdkaws.String(t.Value)})
	}
	return out
}

// DescribeKey describes a key by ID, ARN or alias name. A missing key or alias
// is an *Error of KindNotFound (see IsNotFound).
func (k *KMS) DescribeKey(ctx context.Context, id string) (*Key, error) {
	out, err := k.c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: sdkaws.String(id)})
	if err != nil {
		return nil, k.cl.classify(err, "DescribeKey", k.region)
	}
	return keyFrom(out.KeyMetadata), nil
}

// CreateKeyInput is what CreateKey sends. Key spec, usage, origin and
// multi-Region are fixed: Zoom CMK needs a symmetric multi-Region key.
type CreateKeyInput struct {
	Policy      string
	Description string
	Tags        []Tag
}

// CreateKey creates a symmetric ENCRYPT_DECRYPT multi-Region key with
// AWS_KMS key material. It never bypasses the lockout safety check. It is
// not idempotent and is not retried after an ambiguous failure: the caller
// must look for the key by its tag first.
func (k *KMS) CreateKey(ctx context.Context, in CreateKeyInput) (*Key, error) {
	out, err := k.c.CreateKey(ctx, &kms.CreateKeyInput{
		KeySpec:     types.KeySpecSymmetricDefault,
		KeyUsage:    types.KeyUsageTypeEncryptDecrypt,
		Origin:      types.OriginTypeAwsKms,
		MultiRegion: sdkaws.Bool(true),
		Policy:      sdkaws.String(in.Policy),
		Description: sdkaws.String(in.Description),
		Tags:        sdkTags(in.Tags),
	}, func(o *kms.Options) { o.Retryer = nonIdempotentRetryer(o.Retryer.MaxAttempts())() })
	if err != nil {
		return nil, k.cl.classify(err, "CreateKey", k.region)
	}
	return keyFrom(out.KeyMetadata), nil
}

// ReplicateKey replicates the multi-Region primary keyID (a key ID, not an
// ARN) from this Region into replicaRegion, with the policy given explicitly
// (without it the replica would get the default policy). Not retried after an
// ambiguous failure.
func (k *KMS) ReplicateKey(ctx context.Context, keyID, replicaRegion, policy, description string, tags []Tag) (*Key, error) {
	out, err := k.c.ReplicateKey(ctx, &kms.ReplicateKeyInput{
		KeyId:         sdkaws.String(keyID),
		ReplicaRegion: sdkaws.String(replicaRegion),
		Policy:        sdkaws.String(policy),
		Description:   sdkaws.String(description),
		Tags:          sdkTags(tags),
	}, func(o *kms.Options) { o.Retryer = nonIdempotentRetryer(o.Retryer.MaxAttempts())() })
	if err != nil {
		return nil, k.cl.classify(err, "ReplicateKey", replicaRegion)
	}
	return keyFrom(out.ReplicaKeyMetadata), nil
}

// CreateAlias points a new alias at keyID in this Region.
func (k *KMS) CreateAlias(ctx context.Context, alias, keyID string) error {
	_, err := k.c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: sdkaws.String(alias), TargetKeyId: sdkaws.String(keyID)})
	if err != nil {
		return k.cl.classify(err, "CreateAlias", k.region)
	}
	return nil
}

// GetKeyPolicy returns the key's policy document (the only policy name is "default").
func (k *KMS) GetKeyPolicy(ctx context.Context, keyID string) (string, error) {
	out, err := k.c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: sdkaws.String(keyID), PolicyName: sdkaws.String("default")})
	if err != nil {
		return "", k.cl.classify(err, "GetKeyPolicy", k.region)
	}
	return sdkaws.ToString(out.Policy), nil
}

// PutKeyPolicy replaces the key's policy. It never bypasses the lockout check.
func (k *KMS) PutKeyPolicy(ctx context.Context, keyID, policy string) error {
	_, err := k.c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: sdkaws.String(keyID), PolicyName: sdkaws.String("default"), Policy: sdkaws.String(policy)})
	if err != nil {
		return k.cl.classify(err, "PutKeyPolicy", k.region)
	}
	return nil
}

// EnableKeyRotation turns on automatic rotation (set on a multi-Region
// primary, it applies to the replicas).
func (k *KMS) EnableKeyRotation(ctx context.Context, keyID string) error {
	_, err := k.c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: sdkaws.String(keyID)})
	if err != nil {
		return k.cl.classify(err, "EnableKeyRotation", k.region)
	}
	return nil
}

// DisableKey disables the key in this Region only: a multi-Region key's
// primary and replicas have independent key states. Zoom can no longer use a
// disabled key; EnableKey undoes it completely. (This package never
// schedules or cancels key deletion.)
func (k *KMS) DisableKey(ctx context.Context, keyID string) error {
	_, err := k.c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: sdkaws.String(keyID)})
	if err != nil {
		return k.cl.classify(err, "DisableKey", k.region)
	}
	return nil
}

// EnableKey enables the key in this Region only. It is idempotent: enabling
// an Enabled key changes nothing, so the SDK's retries (throttling, 5xx, a
// lost response) are safe.
func (k *KMS) EnableKey(ctx context.Context, keyID string) error {
	_, err := k.c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: sdkaws.String(keyID)})
	if err != nil {
		return k.cl.classify(err, "EnableKey", k.region)
	}
	return nil
}

// RotationEnabled reads GetKeyRotationStatus.
func (k *KMS) RotationEnabled(ctx context.Context, keyID string) (bool, error) {
	out, err := k.c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: sdkaws.String(keyID)})
	if err != nil {
		return false, k.cl.classify(err, "GetKeyRotationStatus", k.region)
	}
	return out.KeyRotationEnabled, nil
}

// ListMultiRegionKeyIDs lists the IDs of the multi-Region keys (mrk-...) in
// this Region, following pagination.
func (k *KMS) ListMultiRegionKeyIDs(ctx context.Context) ([]string, error) {
	var ids []string
	p := kms.NewListKeysPaginator(k.c, &kms.ListKeysInput{Limit: sdkaws.Int32(1000)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, k.cl.classify(err, "ListKeys", k.region)
		}
		for _, e := range out.Keys {
			if id := sdkaws.ToString(e.KeyId); strings.HasPrefix(id, "mrk-") {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// Tags lists the key's resource tags.
func (k *KMS) Tags(ctx context.Context, keyID string) ([]Tag, error) {
	var tags []Tag
	p := kms.NewListResourceTagsPaginator(k.c, &kms.ListResourceTagsInput{KeyId: sdkaws.String(keyID)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, k.cl.classify(err, "ListResourceTags", k.region)
		}
		for _, t := range out.Tags {
			tags = append(tags, Tag{Key: sdkaws.ToString(t.TagKey), Value: sdkaws.ToString(t.TagValue)})
		}
	}
	return tags, nil
}

// Probe makes one cheap read-only call (ListAliases, one entry) to show
// that KMS is reachable in this Region and the caller may use it.
func (k *KMS) Probe(ctx context.Context) error {
	_, err := k.c.ListAliases(ctx, &kms.ListAliasesInput{Limit: sdkaws.Int32(1)})
	if err != nil {
		return k.cl.classify(err, "ListAliases", k.region)
	}
	return nil
}

// IsNotFound reports whether err is a KMS NotFound answer.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindNotFound
}

// TagKey adds or overwrites tags on the key in this Region (idempotent).
func (k *KMS) TagKey(ctx context.Context, keyID string, tags []Tag) error {
	_, err := k.c.TagResource(ctx, &kms.TagResourceInput{KeyId: sdkaws.String(keyID), Tags: sdkTags(tags)})
	if err != nil {
		return k.cl.classify(err, "TagResource", k.region)
	}
	return nil
}

// UntagKey removes tags from the key in this Region (idempotent: a missing
// tag is no error).
func (k *KMS) UntagKey(ctx context.Context, keyID string, keys ...string) error {
	_, err := k.c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: sdkaws.String(keyID), TagKeys: keys})
	if err != nil {
		return k.cl.classify(err, "UntagResource", k.region)
	}
	return nil
}
