package awstest

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// CreateMultiRegionKeyWithAlias creates a symmetric multi-Region key with
// KMS's default key policy (no Zoom statement), as a key made by hand before
// zcmk-tui, names it alias, and returns its key ID and ARN.
func CreateMultiRegionKeyWithAlias(tb testing.TB, endpoint, region, alias string) (keyID, arn string) {
	tb.Helper()
	c := Client(tb, endpoint, region)
	out, err := c.CreateKey(context.Background(), &kms.CreateKeyInput{
		KeySpec: types.KeySpecSymmetricDefault, KeyUsage: types.KeyUsageTypeEncryptDecrypt,
		MultiRegion: sdkaws.Bool(true), Description: sdkaws.String("created by hand")})
	if err != nil {
		tb.Fatal(err)
	}
	keyID, arn = sdkaws.ToString(out.KeyMetadata.KeyId), sdkaws.ToString(out.KeyMetadata.Arn)
	if _, err := c.CreateAlias(context.Background(), &kms.CreateAliasInput{AliasName: sdkaws.String(alias), TargetKeyId: sdkaws.String(keyID)}); err != nil {
		tb.Fatal(err)
	}
	return keyID, arn
}
