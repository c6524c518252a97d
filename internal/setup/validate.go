package setup

import (
	"fmt"
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
			return fmt.Errorf("account ID: %w", err)
		}
	}
	switch o.Partition {
	case "", "aws", "aws-us-gov", "aws-cn":
	default:
		return fmt.Errorf("partition %q is not an AWS partition: use aws, aws-us-gov or aws-cn", o.Partition)
	}
	if o.ExistingKey != "" {
		ref, err := zoom.ParseKeyRef(o.ExistingKey)
		if err != nil {
			return err
		}
		if ref.ARN != nil {
			if o.Region != "" && o.Region != ref.ARN.Region {
				return fmt.Errorf("the key %s is in %s but --region is %s: the primary Region is the key's own Region; drop --region or give the primary key's ARN", o.ExistingKey, ref.ARN.Region, o.Region)
			}
			o.Region = ref.ARN.Region
			if !ref.ARN.MultiRegion() {
				return fmt.Errorf("the key %s is a single-Region key (its ID does not start with mrk-): Zoom CMK needs a multi-Region key, and a single-Region key can never become one; let setup create a new key instead", o.ExistingKey)
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
		return fmt.Errorf("description is %d characters long: KMS allows at most %d", len(o.Description), maxDescription)
	}
	if o.Description == "" {
		o.Description = DefaultDescription
	}
	seen := map[string]bool{}
	for _, t := range o.Tags {
		if strings.HasPrefix(t.Key, "zcmk-tui:") {
			return fmt.Errorf("tag %q: keys starting with zcmk-tui: are reserved for this tool's own tags", zoom.Shorten(t.Key, zoom.MaxShown))
		}
		if seen[t.Key] {
			return fmt.Errorf("tag key %q is given twice: a key can have each tag key once", zoom.Shorten(t.Key, zoom.MaxShown))
		}
		seen[t.Key] = true
	}
	if own := len(o.tags()) - len(o.Tags); len(o.Tags)+own > MaxTags {
		return fmt.Errorf("%d tags given: KMS allows %d tags per key, and this tool adds %d of its own (%s, %s), so give at most %d", len(o.Tags), MaxTags, own, TagAlias, TagCreatedBy, MaxTags-own)
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
		return fmt.Errorf("Zoom account ID: %w", err)
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
				return nil, fmt.Errorf("replica Region %s is also the primary Region: a replica must be in another Region", part)
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
