package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
)

func TestClassify(t *testing.T) {
	msg := func(s string) *string { return &s }
	for _, tc := range []struct {
		name     string
		err      error
		op       string
		kind     Kind
		contains []string
	}{
		{"access denied names the permission", &smithy.GenericAPIError{Code: "AccessDeniedException",
			Message: "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action"},
			"CreateKey", KindAccessDenied, []string{"kms:CreateKey", "`zcmk-tui permissions`"}},
		{"a drill's access denied names the drill's permissions", &smithy.GenericAPIError{Code: "AccessDeniedException",
			Message: "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: kms:DisableKey on this resource"},
			"DisableKey", KindAccessDenied, []string{"kms:DisableKey", "`zcmk-tui permissions --for drill`"}},
		{"access denied without a parsable message falls back to the operation", &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "denied"},
			"PutKeyPolicy", KindAccessDenied, []string{"kms:PutKeyPolicy"}},
		{"lockout", &types.MalformedPolicyDocumentException{Message: msg("The new key policy will not allow you to update the key policy in the future.")},
			"CreateKey", KindLockout, []string{"lock you out", "never bypasses"}},
		{"other malformed policy", &types.MalformedPolicyDocumentException{Message: msg("Policy contains a statement with one or more invalid principals.")},
			"PutKeyPolicy", KindUnknown, []string{"invalid principals", "zcmk-tui policy"}},
		{"not found", &types.NotFoundException{Message: msg("Alias arn:aws:kms:us-east-1:1:alias/x is not found.")}, "DescribeKey", KindNotFound, nil},
		{"alias taken", &types.AlreadyExistsException{Message: msg("exists")}, "CreateAlias", KindAlreadyExists, nil},
		{"region not enabled", &smithy.GenericAPIError{Code: "UnrecognizedClientException", Message: "The security token included in the request is invalid."},
			"DescribeKey", KindRegionDisabled, []string{"AWS Regions"}},
		{"expired token", &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "The security token included in the request is expired"},
			"GetCallerIdentity", KindExpired, []string{"aws sso login --profile zoom"}},
		{"sso expired", errors.New("operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, refresh cached SSO token failed, unable to refresh SSO token, operation error SSO OIDC: CreateToken, InvalidGrantException"),
			"GetCallerIdentity", KindExpired, []string{"aws sso login --profile zoom"}},
		{"no credentials", errors.New("operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found"),
			"GetCallerIdentity", KindNoCredentials, []string{"aws configure"}},
		{"unreachable", fmt.Errorf("operation error KMS: DescribeKey: %w", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}),
			"DescribeKey", KindUnreachable, []string{"cannot reach http://127.0.0.1:1", "--endpoint-url"}},
		{"lost response is ambiguous", fmt.Errorf("operation error KMS: CreateKey: https response error: %w", errors.New("read: connection reset by peer")),
			"CreateKey", KindAmbiguous, []string{"try again"}},
		{"throttled", &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}, "ListKeys", KindThrottled, nil},
		{"canceled", fmt.Errorf("op: %w", context.Canceled), "CreateKey", KindCanceled, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Classify(tc.err, tc.op, "us-east-1", "zoom", "http://127.0.0.1:1")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not an *Error: %T", err)
			}
			if e.Kind != tc.kind {
				t.Errorf("kind %v, want %v (%v)", e.Kind, tc.kind, err)
			}
			text := err.Error()
			if !strings.HasPrefix(text, tc.op+" in us-east-1: ") {
				t.Errorf("message does not name the call and Region: %q", text)
			}
			for _, want := range tc.contains {
				if !strings.Contains(text, want) {
					t.Errorf("message lacks %q:\n%s", want, text)
				}
			}
			if !errors.Is(err, tc.err) {
				t.Error("the SDK error is not wrapped")
			}
		})
	}
}

func TestNonIdempotentRetryerRetriesOnlyUnsentRequests(t *testing.T) {
	r := nonIdempotentRetryer(5)()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{&smithy.GenericAPIError{Code: "ThrottlingException"}, true},
		{errors.New("read tcp: connection reset by peer"), false},
		{&smithy.GenericAPIError{Code: "KMSInternalException", Fault: smithy.FaultServer}, false},
		{context.DeadlineExceeded, false},
	} {
		if got := r.IsErrorRetryable(tc.err); got != tc.want {
			t.Errorf("IsErrorRetryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestUnknownProfile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	_, err := Load(context.Background(), Config{Profile: "zoom-admin"})
	if KindOf(err) != KindProfile || !strings.Contains(err.Error(), `"zoom-admin"`) || !strings.Contains(err.Error(), "list-profiles") {
		t.Fatalf("err = %v", err)
	}
}
