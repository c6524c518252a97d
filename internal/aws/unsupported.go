package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ErrUnsupported marks an answer that says the endpoint does not implement
// an operation at all: an emulator or a partition that lacks a newer API
// (GetKeyLastUsage, CloudTrail LookupEvents). Verification reports such a
// check as "unknown" rather than as a failure. Test with IsUnsupported.
var ErrUnsupported = errors.New("the endpoint does not support this operation")

// IsUnsupported reports whether err says the endpoint does not implement the
// operation.
func IsUnsupported(err error) bool { return errors.Is(err, ErrUnsupported) }

// unsupportedCodes are API error codes that mean "no such operation here".
var unsupportedCodes = map[string]bool{
	"UnknownOperationException": true, "UnknownOperation": true, "InvalidAction": true,
	"NotImplemented": true, "NotImplementedException": true, "UnsupportedOperation": true,
	"UnsupportedOperationException": true, "InvalidActionException": true,
}

// unsupportedAnswer is the error the detector middleware returns when the raw
// HTTP answer shows that the operation is not implemented by the endpoint.
type unsupportedAnswer struct {
	status int
	why    string
}

func (e *unsupportedAnswer) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.status, e.why)
}

// looksUnsupported reads a raw answer. An AWS JSON API never answers with a
// non-JSON body, so a 404/405/500 page that is not JSON comes from something
// that does not serve the operation (an emulator's generic error page); a 501
// says so outright; and any error body that mentions "not implemented" or an
// unknown operation says so in words.
func looksUnsupported(status int, body []byte) (string, bool) {
	if status < 400 {
		return "", false
	}
	low := strings.ToLower(string(body))
	for _, s := range []string{"not implemented", "not yet implemented", "has not been implemented", "unknownoperation", "unknown operation", "invalidaction"} {
		if strings.Contains(low, s) {
			return "the endpoint says the operation is not implemented", true
		}
	}
	if status == 501 {
		return "the endpoint does not implement the operation", true
	}
	if status == 404 || status == 405 || status == 500 {
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) == 0 || !json.Valid(trimmed) {
			return "the endpoint answered with a page that is not an AWS API error, as endpoints that lack the operation do", true
		}
	}
	return "", false
}

// detectUnsupported is a Deserialize middleware placed next to the transport:
// it sees the raw answer before the operation's deserializer, and turns an
// "operation not implemented" answer into *unsupportedAnswer. Any other
// answer is passed on untouched (the body is restored).
var detectUnsupported = middleware.DeserializeMiddlewareFunc("zcmkDetectUnsupported",
	func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if err != nil {
			return out, md, err
		}
		resp, ok := out.RawResponse.(*smithyhttp.Response)
		if !ok || resp.StatusCode < 400 || resp.Body == nil {
			return out, md, err
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if rerr != nil {
			return out, md, nil
		}
		if why, ok := looksUnsupported(resp.StatusCode, body); ok {
			return out, md, &unsupportedAnswer{status: resp.StatusCode, why: why}
		}
		return out, md, nil
	})

func addDetectUnsupported(stack *middleware.Stack) error {
	return stack.Deserialize.Add(detectUnsupported, middleware.After)
}

// isUnsupportedRaw recognises an SDK error (before classification) that says
// the operation is not implemented.
func isUnsupportedRaw(err error) bool {
	var ua *unsupportedAnswer
	if errors.As(err, &ua) {
		return true
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		if unsupportedCodes[apiErr.ErrorCode()] {
			return true
		}
		if apiErr.ErrorCode() == "InternalFailure" && strings.Contains(strings.ToLower(apiErr.ErrorMessage()), "not") &&
			strings.Contains(strings.ToLower(apiErr.ErrorMessage()), "implemented") {
			return true
		}
	}
	return false
}

// noRetryUnsupported keeps the SDK's retryer but never retries an answer
// that says the operation does not exist: asking again cannot help.
type noRetryUnsupported struct{ sdkaws.RetryerV2 }

func (r noRetryUnsupported) IsErrorRetryable(err error) bool {
	if isUnsupportedRaw(err) {
		return false
	}
	return r.RetryerV2.IsErrorRetryable(err)
}

// legacyRetryer adapts a Retryer without GetAttemptToken.
type legacyRetryer struct{ sdkaws.Retryer }

func (r legacyRetryer) GetAttemptToken(context.Context) (func(error) error, error) {
	return r.GetInitialToken(), nil
}

func wrapRetryer(r sdkaws.Retryer) sdkaws.Retryer {
	if r == nil {
		return nil
	}
	v2, ok := r.(sdkaws.RetryerV2)
	if !ok {
		v2 = legacyRetryer{r}
	}
	return noRetryUnsupported{v2}
}

// classifyOptional classifies an error of an optional verification call:
// "not implemented by this endpoint" becomes an *Error wrapping
// ErrUnsupported; anything else is classified as usual.
func (c *Clients) classifyOptional(err error, op, region string) error {
	if err == nil {
		return nil
	}
	if isUnsupportedRaw(err) {
		e := &Error{Kind: KindUnknown, Op: op, Region: region, Err: fmt.Errorf("%w: %v", ErrUnsupported, err)}
		e.say("aws.err.unsupported.summary", op)
		e.sayFix("aws.err.unsupported.fix", op)
		return e
	}
	e := c.classify(err, op, region)
	var ae *Error
	if errors.As(e, &ae) && ae.Kind == KindAccessDenied {
		perm := permissionOf(op)
		ae.say("aws.err.access-denied.summary", perm)
		ae.sayFix("aws.err.access-denied.fix-verify", perm, strings.Join(VerifyNeeds(), ", "))
	}
	return e
}

// VerifyNeeds lists every IAM permission verify uses (all read-only).
func VerifyNeeds() []string {
	return append([]string{"sts:GetCallerIdentity", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus"}, VerifyPermissions...)
}

func permissionOf(op string) string {
	if op == "LookupEvents" {
		return "cloudtrail:LookupEvents"
	}
	return "kms:" + op
}
