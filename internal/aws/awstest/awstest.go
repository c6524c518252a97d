// Package awstest holds calls that only tests make, to put an emulator in
// states the product must recognise (a single-Region key, a disabled key, a
// key scheduled for deletion). The product disables keys only in a drill,
// and never schedules deletion; this package is imported by tests only.
package awstest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// Client returns a raw KMS client for region at endpoint.
func Client(tb testing.TB, endpoint, region string) *kms.Client {
	tb.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(region))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.BaseEndpoint = sdkaws.String(endpoint)
	return kms.NewFromConfig(cfg)
}

// CreateSingleRegionKey creates a symmetric single-Region key and returns its ID.
func CreateSingleRegionKey(tb testing.TB, endpoint, region string) string {
	tb.Helper()
	out, err := Client(tb, endpoint, region).CreateKey(context.Background(), &kms.CreateKeyInput{
		KeySpec: types.KeySpecSymmetricDefault, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	if err != nil {
		tb.Fatal(err)
	}
	return sdkaws.ToString(out.KeyMetadata.KeyId)
}

// DisableKey disables a key.
func DisableKey(tb testing.TB, endpoint, region, keyID string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).DisableKey(context.Background(), &kms.DisableKeyInput{KeyId: sdkaws.String(keyID)}); err != nil {
		tb.Fatal(err)
	}
}

// ScheduleDeletion schedules a key for deletion in 7 days (emulator only).
func ScheduleDeletion(tb testing.TB, endpoint, region, keyID string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).ScheduleKeyDeletion(context.Background(), &kms.ScheduleKeyDeletionInput{
		KeyId: sdkaws.String(keyID), PendingWindowInDays: sdkaws.Int32(7)}); err != nil {
		tb.Fatal(err)
	}
}

// DeleteAlias deletes an alias in one Region.
func DeleteAlias(tb testing.TB, endpoint, region, alias string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).DeleteAlias(context.Background(), &kms.DeleteAliasInput{AliasName: sdkaws.String(alias)}); err != nil {
		tb.Fatal(err)
	}
}

// DisableKeyRotation turns automatic rotation off.
func DisableKeyRotation(tb testing.TB, endpoint, region, keyID string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).DisableKeyRotation(context.Background(), &kms.DisableKeyRotationInput{KeyId: sdkaws.String(keyID)}); err != nil {
		tb.Fatal(err)
	}
}

// ReplicateKey replicates a multi-Region key into another Region with the
// policy given, as a change made outside zcmk-tui.
func ReplicateKey(tb testing.TB, endpoint, region, keyID, replicaRegion, policy string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).ReplicateKey(context.Background(), &kms.ReplicateKeyInput{
		KeyId: sdkaws.String(keyID), ReplicaRegion: sdkaws.String(replicaRegion), Policy: sdkaws.String(policy)}); err != nil {
		tb.Fatal(err)
	}
}

// DisableKeyAsDrill leaves a key as a drill does just before its process
// is killed: marked with the drill's ID (tag zcmk-tui:drill), then disabled.
func DisableKeyAsDrill(tb testing.TB, endpoint, region, keyID, drillID string) {
	tb.Helper()
	if _, err := Client(tb, endpoint, region).TagResource(context.Background(), &kms.TagResourceInput{KeyId: sdkaws.String(keyID),
		Tags: []types.Tag{{TagKey: sdkaws.String("zcmk-tui:drill"), TagValue: sdkaws.String(drillID)}}}); err != nil {
		tb.Fatal(err)
	}
	DisableKey(tb, endpoint, region, keyID)
}

// OtherTeamsKeys fills region with n keys of other teams, as in an account
// that holds many: every second key is multi-Region; every key carries tags
// of its team, and one in fifty a zcmk-tui:alias tag for another alias (a
// set of another Zoom account). It makes them 8 at a time and returns the
// first error. It takes no testing.TB so that the benchmark can use it too.
func OtherTeamsKeys(ctx context.Context, endpoint, region string, n int) error {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")))
	if err != nil {
		return err
	}
	cfg.BaseEndpoint = sdkaws.String(endpoint)
	c := kms.NewFromConfig(cfg)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, 8)
	)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			tags := []types.Tag{
				{TagKey: sdkaws.String("team"), TagValue: sdkaws.String(fmt.Sprintf("team-%d", i%7))},
				{TagKey: sdkaws.String("cost-center"), TagValue: sdkaws.String(fmt.Sprintf("cc-%d", i%13))},
			}
			if i%50 == 0 {
				tags = append(tags, types.Tag{TagKey: sdkaws.String("zcmk-tui:alias"), TagValue: sdkaws.String(fmt.Sprintf("alias/other-%d", i))})
			}
			_, err := c.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: sdkaws.Bool(i%2 == 0), Tags: tags,
				Description: sdkaws.String(fmt.Sprintf("team-%d key %d", i%7, i))})
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}
