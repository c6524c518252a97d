package setup

import (
	"strings"

	"github.com/zcmk/zcmk-tui/internal/zoom"
)

// TagAlias is the tag this tool puts on every key it creates, naming the
// alias the key is meant to have. It lets a later run find (and adopt) a key
// whose alias step never finished, so a crash between CreateKey and
// CreateAlias never leaves a second key behind.
const TagAlias = "zcmk-tui:alias"

// TagCreatedBy marks keys created by this tool.
const TagCreatedBy = "zcmk-tui:created-by"

// DefaultDescription is the description of a new key.
const DefaultDescription = "Zoom Customer Managed Key (Zoom CMK): encrypts this Zoom account's data at rest"

// maxDescription is KMS's limit on a key description.
const maxDescription = 8192

// MaxTags is KMS's limit on the tags of one key; the tool's own tags
// (TagAlias, TagCreatedBy) count towards it.
const MaxTags = 50

// Validate checks options before any AWS call and fills defaults. Errors
// name the bad value and the rule.
func Validate(o *Options) error {
	if err := aliasAndZoomAccount(&o.Alias, &o.ZoomAccountID, zoom.DefaultAlias); err != nil {
		return err
	}
	if o.AccountID != "" {
		if err := zoom.ValidateAccountID(o.AccountID); err != nil {
			return errorf("setup.validate.account-id", err)
		}
	}
	switch o.Partition {
	case "", "aws", "aws-us-gov", "aws-cn":
	default:
		return errorf("setup.validate.partition", o.Partition)
	}
	if o.ExistingKey != "" {
		ref, err := zoom.ParseKeyRef(o.ExistingKey)
		if err != nil {
			return err
		}
		if ref.ARN != nil {
			if o.Region != "" && o.Region != ref.ARN.Region {
				return errorf("setup.validate.key-region", o.ExistingKey, ref.ARN.Region, o.Region)
			}
			o.Region = ref.ARN.Region
			if !ref.ARN.MultiRegion() {
				return errorf("setup.validate.single-region", o.ExistingKey)
			}
		}
	}
	if o.Region != "" {
		if err := zoom.ValidateRegion(o.Region); err != nil {
			return err
		}
	}
	reps, err := replicaRegions(o.Region, o.Replicas)
	if err != nil {
		return err
	}
	o.Replicas = reps
	if len(o.Description) > maxDescription {
		return errorf("setup.validate.description", len(o.Description), maxDescription)
	}
	if o.Description == "" {
		o.Description = DefaultDescription
	}
	seen := map[string]bool{}
	for _, t := range o.Tags {
		if strings.HasPrefix(t.Key, "zcmk-tui:") {
			return errorf("setup.validate.reserved-tag", zoom.Shorten(t.Key, zoom.MaxShown))
		}
		if seen[t.Key] {
			return errorf("setup.validate.tag-twice", zoom.Shorten(t.Key, zoom.MaxShown))
		}
		seen[t.Key] = true
	}
	if own := len(o.tags()) - len(o.Tags); len(o.Tags)+own > MaxTags {
		return errorf("setup.validate.too-many-tags", len(o.Tags), MaxTags, own, TagAlias, TagCreatedBy, MaxTags-own)
	}
	return nil
}

// aliasAndZoomAccount fills the defaults of the alias (defaultAlias) and of
// Zoom's account ID, and validates both.
func aliasAndZoomAccount(alias, zoomAccountID *string, defaultAlias string) error {
	if *alias == "" {
		*alias = defaultAlias
	}
	if err := zoom.ValidateAlias(*alias); err != nil {
		return err
	}
	if *zoomAccountID == "" {
		*zoomAccountID = zoom.ZoomAccountID
	}
	if err := zoom.ValidateAccountID(*zoomAccountID); err != nil {
		return errorf("setup.validate.zoom-account-id", err)
	}
	return nil
}

// replicaRegions validates replica Regions given as repeated and/or
// comma-separated values, drops duplicates and keeps the order. A replica
// may not be the primary (when primary is known).
func replicaRegions(primary string, in []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, r := range in {
		for _, part := range strings.Split(r, ",") {
			part = strings.TrimSpace(part)
			if part == "" || seen[part] {
				continue
			}
			if err := zoom.ValidateRegion(part); err != nil {
				return nil, err
			}
			if part == primary {
				return nil, errorf("setup.validate.replica-is-primary", part)
			}
			if err := zoom.SamePartition(primary, part); err != nil {
				return nil, err
			}
			seen[part] = true
			out = append(out, part)
		}
	}
	return out, nil
}

// tags returns the tags a new key (and each replica) gets.
func (o *Options) tags() []zoom.Tag {
	return append([]zoom.Tag{{Key: TagAlias, Value: o.Alias}, {Key: TagCreatedBy, Value: "zcmk-tui"}}, o.Tags...)
}
