package awstest

import (
	"context"
	"encoding/json"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// Hostile is text an AWS answer can carry that must never reach a terminal
// as it is: OSC 52 (write the clipboard) ended by BEL, CSI (clear the
// screen), a C1 CSI, DEL, RIGHT-TO-LEFT OVERRIDE and LEFT-TO-RIGHT ISOLATE,
// with Japanese that must stay.
const Hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\x7f\u202e鍵\u2066x\u2069"

// HostileBytes are the bytes and characters none of the tool's text may
// hold (besides the renderer's own styling): ESC, BEL, DEL, C1 CSI, and the
// bidirectional controls of Hostile.
var HostileBytes = []string{"\x1b", "\x07", "\x7f", "\u009b", "\u202e", "\u2066", "\u2069"}

// HostilePolicy is a key policy whose statement Sids hold Hostile: the
// account's administration and a Zoom grant narrowed by a Condition (which
// setup repairs, naming the statement).
func HostilePolicy(account string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{
			{"Sid": "Admin" + Hostile, "Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::" + account + ":root"},
				"Action": "kms:*", "Resource": "*"},
			{"Sid": "Zoom" + Hostile, "Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::409910850980:root"},
				"Action":    []string{"kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"},
				"Resource":  "*",
				"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3." + Hostile}}},
		},
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

// CreateHostileKey creates a multi-Region key whose description, tags and
// policy Sids hold Hostile and names it alias. It returns the key's ID and
// ARN and the policy as written. (An alias name cannot hold Hostile in KMS
// or the emulator: HostileAliases adds one to a listing.)
func CreateHostileKey(tb testing.TB, endpoint, region, account, alias string) (keyID, arn, policy string) {
	tb.Helper()
	c := Client(tb, endpoint, region)
	policy = HostilePolicy(account)
	out, err := c.CreateKey(context.Background(), &kms.CreateKeyInput{
		KeySpec: types.KeySpecSymmetricDefault, KeyUsage: types.KeyUsageTypeEncryptDecrypt, MultiRegion: sdkaws.Bool(true),
		Description: sdkaws.String("Zoom 用の鍵 " + Hostile), Policy: sdkaws.String(policy),
		Tags: []types.Tag{{TagKey: sdkaws.String("Owner" + Hostile), TagValue: sdkaws.String("経理 " + Hostile)}}})
	if err != nil {
		tb.Fatal(err)
	}
	keyID, arn = sdkaws.ToString(out.KeyMetadata.KeyId), sdkaws.ToString(out.KeyMetadata.Arn)
	if _, err := c.CreateAlias(context.Background(), &kms.CreateAliasInput{AliasName: sdkaws.String(alias), TargetKeyId: sdkaws.String(keyID)}); err != nil {
		tb.Fatal(err)
	}
	return keyID, arn, policy
}

// HostileAliases edits a ListAliases answer (faultproxy's Fault.Rewrite): every
// alias listed gets a twin whose name ends in Hostile, naming the same key.
func HostileAliases(body []byte) []byte {
	var out map[string]any
	if json.Unmarshal(body, &out) != nil {
		return body
	}
	list, _ := out["Aliases"].([]any)
	for _, a := range list {
		if m, ok := a.(map[string]any); ok && m["TargetKeyId"] != nil {
			twin := map[string]any{}
			for k, v := range m {
				twin[k] = v
			}
			twin["AliasName"] = m["AliasName"].(string) + Hostile
			list = append(list, twin)
		}
	}
	out["Aliases"] = list
	b, _ := json.Marshal(out)
	return b
}
