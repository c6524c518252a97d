package aws

import (
	"context"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// LastUsage is the answer of kms:GetKeyLastUsage: the last successful
// cryptographic use of a key in one Region (primary and replicas track it
// separately).
type LastUsage struct {
	Used              bool      // false: not used since tracking began
	When              time.Time // time of the last use
	Operation         string    // e.g. Decrypt, GenerateDataKey
	CloudTrailEventID string    // the CloudTrail event of that use
	KMSRequestID      string
	TrackingSince     time.Time // KMS records use from this date (or the key's creation)
}

// LastUsage calls kms:GetKeyLastUsage. An endpoint that does not implement
// the operation gives an error for which IsUnsupported is true; it is not
// retried.
func (k *KMS) LastUsage(ctx context.Context, keyID string) (*LastUsage, error) {
	out, err := k.c.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: sdkaws.String(keyID)}, func(o *kms.Options) {
		o.APIOptions = append(o.APIOptions, addDetectUnsupported)
		o.Retryer = wrapRetryer(o.Retryer)
	})
	if err != nil {
		return nil, k.cl.classifyOptional(err, "GetKeyLastUsage", k.region)
	}
	u := &LastUsage{TrackingSince: sdkaws.ToTime(out.TrackingStartDate)}
	if d := out.KeyLastUsage; d != nil && d.Timestamp != nil {
		u.Used = true
		u.When = sdkaws.ToTime(d.Timestamp)
		u.Operation = string(d.Operation)
		u.CloudTrailEventID = sdkaws.ToString(d.CloudTrailEventId)
		u.KMSRequestID = sdkaws.ToString(d.KmsRequestId)
	}
	return u, nil
}
