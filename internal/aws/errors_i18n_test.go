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

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// Every kind of failure says itself in every language, with its fix, and the
// English rendering of its message is its Error().
func TestEveryKindRendersInEveryLanguage(t *testing.T) {
	msg := func(s string) *string { return &s }
	hint := &regionHint{optIn: false}
	errs := []error{
		classify(fmt.Errorf("op: %w", context.Canceled), "CreateKey", "us-east-1", "p", "", nil),
		classify(errors.New("get credentials: failed to refresh cached credentials, no EC2 IMDS role found"), "GetCallerIdentity", "us-east-1", "", "", nil),
		classify(errors.New("refresh cached SSO token failed"), "GetCallerIdentity", "us-east-1", "p", "", nil),
		classifyConfigError(errors.New("failed to get shared config profile, zoom"), "zoom"),
		classifyConfigError(errors.New("bad ini"), ""),
		classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized to perform: kms:CreateKey"}, "CreateKey", "ap-northeast-1", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}, "", "", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}, "DisableKey", "ap-northeast-3", "", "", nil),
		classify(&types.MalformedPolicyDocumentException{Message: msg("The new key policy will not allow you to update the key policy in the future.")}, "PutKeyPolicy", "us-east-1", "", "", nil),
		classify(&types.MalformedPolicyDocumentException{Message: msg("bad principal")}, "PutKeyPolicy", "us-east-1", "", "", nil),
		classify(&types.NotFoundException{Message: msg("Alias alias/x is not found.")}, "DescribeKey", "us-east-1", "", "", nil),
		classify(&types.AlreadyExistsException{Message: msg("exists")}, "CreateAlias", "us-east-1", "", "", nil),
		classify(&types.KMSInvalidStateException{Message: msg("disabled")}, "GetKeyPolicy", "us-east-1", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}, "ListKeys", "us-east-1", "", "", nil),
		classify(&net.OpError{Op: "dial", Err: errors.New("refused")}, "ListKeys", "us-east-1", "", "", nil),
		classify(&net.OpError{Op: "dial", Err: errors.New("refused")}, "ListKeys", "us-east-1", "", "http://127.0.0.1:1", nil),
		classify(errors.New("read: connection reset by peer"), "CreateKey", "us-east-1", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "InternalFailure", Fault: smithy.FaultServer}, "CreateKey", "us-east-1", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "UnrecognizedClientException", Message: "invalid"}, "ListAliases", "af-south-1", "p", "", nil),
		classify(&smithy.GenericAPIError{Code: "UnrecognizedClientException", Message: "invalid"}, "ListAliases", "us-east-1", "p", "", hint),
		classify(&smithy.GenericAPIError{Code: "OptInRequired", Message: "opt in"}, "ListAliases", "me-south-1", "", "", nil),
		classify(&smithy.GenericAPIError{Code: "SignatureDoesNotMatch", Message: "sig"}, "GetCallerIdentity", "us-east-1", "p", "", nil),
		classify(&smithy.GenericAPIError{Code: "ExpiredToken", Message: "expired"}, "GetCallerIdentity", "us-east-1", "p", "", nil),
		classify(&smithy.GenericAPIError{Code: "Weird", Message: "weird"}, "CreateKey", "us-east-1", "", "", nil),
		classify(errors.New("something else"), "CreateKey", "us-east-1", "", "", nil),
	}
	c := &Clients{timeout: 3e9}
	errs = append(errs, c.timeoutError(context.DeadlineExceeded, "CreateKey", "us-east-1"),
		c.classifyOptional(&smithy.GenericAPIError{Code: "UnknownOperationException"}, "GetKeyLastUsage", "us-east-1"),
		c.classifyOptional(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}, "LookupEvents", "us-east-1"))
	errs = append(errs, refused(Endpoint{Service: "SSO", URL: "http://192.0.2.1", From: "AWS_ENDPOINT_URL_SSO"}, CheckEndpoint("http://192.0.2.1", false)),
		refused(Endpoint{Service: "STS", URL: "http://192.0.2.1"}, CheckEndpoint("http://192.0.2.1", false)))

	kinds := map[Kind]bool{}
	en, ja := i18n.NewPrinter(i18n.English), i18n.NewPrinter(i18n.Japanese)
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("not an *Error: %T %v", err, err)
		}
		kinds[e.Kind] = true
		if e.Text.ID == "" {
			t.Errorf("%v: no message id for %q", e.Kind, err.Error())
		}
		if got := en.Err(err); got != err.Error() {
			t.Errorf("%v: English rendering differs from Error():\n%s\n%s", e.Kind, got, err.Error())
		}
		jtext := ja.Err(err)
		if strings.Contains(jtext, "!") && strings.Contains(jtext, "!aws.") {
			t.Errorf("%v: missing id: %s", e.Kind, jtext)
		}
		if e.Kind != KindUnknown && e.Kind != KindCanceled && !strings.ContainsAny(jtext, "あいうえおかきくけこさしすせそたちつてとなにのはまみもやゆよらりるれろをんがでどば") {
			t.Errorf("%v: no Japanese: %s", e.Kind, jtext)
		}
		if e.FixText.ID != "" && !strings.Contains(jtext, "対処: ") {
			t.Errorf("%v: the Japanese text lacks the fix: %s", e.Kind, jtext)
		}
	}
	for k := range kindNames {
		if !kinds[k] {
			t.Errorf("kind %v not covered", k)
		}
	}
}

// issue 26: only a write that timed out is ambiguous; a read that timed out
// changed nothing and says so, and no timeout fix speaks of "the same
// command" (the wizard has none).
func TestTimeoutOfAReadIsNotAmbiguous(t *testing.T) {
	c := &Clients{timeout: 3e9}
	en := i18n.NewPrinter(i18n.English)
	read := c.timeoutError(context.DeadlineExceeded, "DescribeKey", "us-east-1")
	if KindOf(read) == KindAmbiguous || strings.Contains(en.Err(read), "may or may not") || !strings.Contains(en.Err(read), "nothing was changed") {
		t.Errorf("read: kind %v, %q", KindOf(read), en.Err(read))
	}
	write := c.timeoutError(context.DeadlineExceeded, "CreateKey", "us-east-1")
	if KindOf(write) != KindAmbiguous || !strings.Contains(en.Err(write), "may or may not") {
		t.Errorf("write: kind %v, %q", KindOf(write), en.Err(write))
	}
	for _, err := range []error{read, write} {
		if s := en.Err(err); strings.Contains(s, "same command") {
			t.Errorf("fix speaks of the same command: %q", s)
		}
	}
}
