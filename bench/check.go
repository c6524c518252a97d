package main

// What each tool made, checked against the emulator: the same key set, policy and aliases for every tool.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
)

// cleanEnv is the environment without AWS settings of the person running
// the benchmark: runs must never reach anything but the loopback emulator.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "XDG_STATE_HOME=") ||
			strings.HasPrefix(strings.ToUpper(kv), "HTTP_PROXY=") || strings.HasPrefix(strings.ToUpper(kv), "HTTPS_PROXY=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
}

// checkResult reads the key ID a tool reports and confirms, with calls of
// its own straight to the emulator, that both Regions hold an Enabled key
// under the alias with exactly the statements `zcmk-tui policy` prints.
func checkResult(emuURL, name, alias string, stdout []byte, want []any) error {
	var keyID string
	if strings.HasPrefix(name, "zcmk-") {
		var out struct {
			Keys []struct {
				KeyID string `json:"key_id"`
			} `json:"keys"`
		}
		if err := json.Unmarshal(stdout, &out); err != nil || len(out.Keys) != 2 {
			return fmt.Errorf("unexpected output (%v): %s", err, tail(string(stdout), 500))
		}
		keyID = out.Keys[0].KeyID
	} else {
		var out struct {
			KeyID string   `json:"key_id"`
			ARNs  []string `json:"arns"`
		}
		if err := json.Unmarshal(stdout, &out); err != nil || len(out.ARNs) != 2 {
			return fmt.Errorf("unexpected output (%v): %s", err, tail(string(stdout), 500))
		}
		keyID = out.KeyID
	}
	for _, region := range []string{primary, replica} {
		var pol struct{ Policy string }
		if err := kmsCall(emuURL, region, "GetKeyPolicy", map[string]string{"KeyId": keyID, "PolicyName": "default"}, &pol); err != nil {
			return err
		}
		got, err := statements(pol.Policy)
		if err != nil {
			return fmt.Errorf("%s key policy: %v", region, err)
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s key policy differs from `zcmk-tui policy`:\n%s", region, pol.Policy)
		}
		var desc struct {
			KeyMetadata struct{ KeyId, KeyState string }
		}
		if err := kmsCall(emuURL, region, "DescribeKey", map[string]string{"KeyId": alias}, &desc); err != nil {
			return err
		}
		if desc.KeyMetadata.KeyId != keyID || desc.KeyMetadata.KeyState != "Enabled" {
			return fmt.Errorf("%s %s is %s (%s), want %s (Enabled)", region, alias, desc.KeyMetadata.KeyId, desc.KeyMetadata.KeyState, keyID)
		}
	}
	var rot struct{ KeyRotationEnabled bool }
	if err := kmsCall(emuURL, primary, "GetKeyRotationStatus", map[string]string{"KeyId": keyID}, &rot); err != nil {
		return err
	}
	if !rot.KeyRotationEnabled {
		return fmt.Errorf("rotation is off on %s", keyID)
	}
	return nil
}

// statements parses a key policy's statements, compared as JSON values
// (the document's Id and formatting may differ between tools).
func statements(policy string) ([]any, error) {
	var doc struct {
		Statement []any
	}
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return nil, err
	}
	return doc.Statement, nil
}

// kmsCall calls the emulator's KMS JSON API directly (the emulator does not
// check signatures; the credential scope names the Region).
func kmsCall(emuURL, region, op string, in, out any) error {
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", emuURL+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "TrentService."+op)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/"+region+"/kms/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("check %s in %s: HTTP %d %s", op, region, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}
