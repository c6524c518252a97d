package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
)

// Kind is a class of failure an admin can act on.
type Kind int

// The kinds of failure.
const (
	KindUnknown        Kind = iota
	KindNoCredentials       // no credentials found at all
	KindExpired             // expired or invalid session / SSO token
	KindProfile             // the named profile does not exist or is broken
	KindAccessDenied        // the caller lacks a permission
	KindLockout             // KMS rejected a policy that would lock the caller out
	KindNotFound            // key or alias not found
	KindAlreadyExists       // alias taken
	KindInvalidState        // key in a state that does not allow the call
	KindThrottled           // still throttled after the SDK's retries
	KindUnreachable         // endpoint unreachable
	KindRegionDisabled      // Region not enabled in the account
	KindAmbiguous           // the request may or may not have been carried out
	KindCanceled            // interrupted
	KindBadCredentials      // AWS does not recognise the access key (deleted, deactivated, mistyped)
)

var kindNames = map[Kind]string{
	KindUnknown: "error", KindNoCredentials: "no-credentials", KindExpired: "expired-credentials",
	KindProfile: "profile", KindAccessDenied: "access-denied", KindLockout: "lockout",
	KindNotFound: "not-found", KindAlreadyExists: "already-exists", KindInvalidState: "invalid-state",
	KindThrottled: "throttled", KindUnreachable: "unreachable", KindRegionDisabled: "region-disabled",
	KindAmbiguous: "ambiguous", KindCanceled: "canceled", KindBadCredentials: "invalid-credentials",
}

func (k Kind) String() string { return kindNames[k] }

// SetupPermissions are the IAM permissions the operator needs for setup, and
// VerifyPermissions the extra ones for verification.
var (
	SetupPermissions = []string{
		"sts:GetCallerIdentity", "kms:CreateKey", "kms:TagResource", "kms:CreateAlias", "kms:DescribeKey",
		"kms:ListAliases", "kms:ListKeys", "kms:ListResourceTags", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
		"kms:ReplicateKey", "kms:EnableKeyRotation", "kms:GetKeyRotationStatus",
	}
	VerifyPermissions = []string{"kms:GetKeyLastUsage", "cloudtrail:LookupEvents"}
	// DrillPermissions are the writes of a key-outage drill (besides the
	// reads verify makes).
	DrillPermissions = []string{"kms:DisableKey", "kms:EnableKey"}
)

// Error is a classified AWS failure: what happened, in plain words, and what to do.
type Error struct {
	Kind   Kind
	Op     string // API operation, e.g. "CreateKey"
	Region string
	Msg    string // what happened
	Fix    string // what to do about it
	Code   string // the API error code, if any
	Err    error  // the SDK error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		if e.Region != "" {
			b.WriteString(" in " + e.Region)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString("\n  fix: " + e.Fix)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of a classified error, or KindUnknown.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

var permRE = regexp.MustCompile(`perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)`)

func (c *Clients) classify(err error, op, region string) error {
	if te := c.timeoutError(err, op, region); te != nil {
		return te
	}
	var h *regionHint
	if c.optIn != nil {
		h = &regionHint{optIn: c.optIn(region), answered: c.rec.answered(region)}
	}
	return classify(err, op, region, c.profile, c.endpoint, h)
}

// regionHint is what a run knows about a Region when a call fails there:
// whether the account must opt in to it, and whether it already answered a
// signed request in this run. It decides what UnrecognizedClientException
// means.
type regionHint struct {
	optIn    bool
	answered bool
}

// Classify turns an SDK error into an *Error.
func Classify(err error, op, region, profile, endpoint string) error {
	return classify(err, op, region, profile, endpoint, nil)
}

func classify(err error, op, region, profile, endpoint string, hint *regionHint) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	e := &Error{Op: op, Region: region, Err: err}
	msg := err.Error()
	profileFlag := ""
	if profile != "" {
		profileFlag = " --profile " + profile
	}
	var apiErr smithy.APIError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind, e.Msg = KindCanceled, "interrupted"
		return e
	case isSSOExpired(msg):
		e.Kind, e.Msg = KindExpired, "your AWS SSO session has expired"
		e.Fix = "run `aws sso login" + profileFlag + "` and try again"
		return e
	case isNoCredentials(msg):
		e.Kind, e.Msg = KindNoCredentials, "no AWS credentials were found"
		e.Fix = "run `aws configure` (or `aws configure sso`), or choose a profile with --profile / AWS_PROFILE"
		return e
	case errors.As(err, &apiErr):
		e.Code = apiErr.ErrorCode()
		e.Msg = apiErr.ErrorMessage()
		if e.Msg == "" {
			e.Msg = e.Code
		}
		classifyAPI(e, apiErr, profileFlag, hint)
		return e
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &opErr) && opErr.Op == "dial":
		e.Kind = KindUnreachable
		where := endpoint
		if where == "" {
			where = "the AWS endpoint"
		}
		e.Msg = fmt.Sprintf("cannot reach %s (%s)", where, rootCause(err))
		e.Fix = "check the network, a proxy or VPN, the Region name, and --endpoint-url / AWS_ENDPOINT_URL"
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "connection reset") ||
		strings.Contains(msg, "EOF") || strings.Contains(msg, "timeout") || strings.Contains(msg, "closed network connection"):
		e.Kind = KindAmbiguous
		e.Msg = fmt.Sprintf("the connection failed before KMS answered (%s)", rootCause(err))
		e.Fix = "try again: setup first looks for what was already done, so nothing is made twice"
	default:
		e.Msg = msg
	}
	return e
}

func classifyAPI(e *Error, apiErr smithy.APIError, profileFlag string, hint *regionHint) {
	code := e.Code
	var (
		notFound *types.NotFoundException
		exists   *types.AlreadyExistsException
		malform  *types.MalformedPolicyDocumentException
		state    *types.KMSInvalidStateException
	)
	switch {
	case errors.As(apiErr, &notFound):
		e.Kind = KindNotFound
	case errors.As(apiErr, &exists):
		e.Kind = KindAlreadyExists
	case errors.As(apiErr, &malform):
		if strings.Contains(strings.ToLower(e.Msg), "will not allow you to update the key policy") {
			e.Kind = KindLockout
			e.Msg = "KMS refused the key policy because it would lock you out of the key: " + e.Msg
			e.Fix = "keep a statement that lets your account (arn:<partition>:iam::<account>:root) use kms:* on the key; this tool never bypasses the lockout check"
		} else {
			e.Fix = "the key policy is not valid for KMS; run `zcmk-tui policy` to see the document this tool would use"
		}
	case errors.As(apiErr, &state):
		e.Kind = KindInvalidState
		e.Fix = "the key is not in a usable state (for example Disabled, Creating or PendingDeletion); check it in the KMS console"
	case code == "AccessDeniedException" || code == "AccessDenied" || strings.Contains(code, "NotAuthorized"):
		e.Kind = KindAccessDenied
		perm := ""
		if m := permRE.FindStringSubmatch(e.Msg); m != nil {
			perm = m[1]
		} else if e.Op != "" {
			svc := "kms"
			if e.Op == "GetCallerIdentity" {
				svc = "sts"
			}
			perm = svc + ":" + e.Op
		}
		if perm == "" {
			e.Msg = "access denied: your identity is missing a permission (" + e.Msg + ")"
			e.Fix = "ask your AWS administrator for the permissions setup needs: " + strings.Join(SetupPermissions, ", ")
		} else {
			e.Msg = "access denied: your identity is missing the permission " + perm
			e.Fix = "ask your AWS administrator to grant " + perm + "; setup needs: " + strings.Join(SetupPermissions, ", ")
			if e.Op == "DisableKey" || e.Op == "EnableKey" {
				e.Fix = "ask your AWS administrator to grant " + perm + "; a drill needs " + strings.Join(DrillPermissions, " and ") + " besides the read-only permissions of verify"
			}
		}
	case code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired":
		e.Kind = KindExpired
		e.Msg = "your AWS session token has expired"
		e.Fix = "refresh your credentials (`aws sso login" + profileFlag + "` for SSO) and try again"
	case (code == "UnrecognizedClientException" || code == "InvalidClientTokenId") && hint != nil && (!hint.optIn || hint.answered):
		// Not an opt-in Region, or one that already answered in this run:
		// a disabled Region cannot be the cause.
		e.Kind = KindBadCredentials
		e.Msg = "AWS did not recognise the credentials: " + e.Msg
		e.Fix = "check that the access key is valid and active (`aws configure" + profileFlag + "`), or refresh temporary credentials (`aws sso login" + profileFlag + "` for SSO), and try again"
	case code == "UnrecognizedClientException" || code == "InvalidClientTokenId":
		e.Kind = KindRegionDisabled
		e.Msg = "AWS did not accept the credentials in this Region: " + e.Msg
		e.Fix = "if this is an opt-in Region, enable it in the AWS console (Account > AWS Regions); otherwise check that your access key is valid (`aws configure`)"
	case code == "SignatureDoesNotMatch" || code == "IncompleteSignature":
		e.Kind = KindNoCredentials
		e.Msg = "AWS rejected the request signature: the secret access key is wrong"
		e.Fix = "run `aws configure" + profileFlag + "` with the right access key"
	case code == "OptInRequired":
		e.Kind = KindRegionDisabled
		e.Fix = "enable the Region in the AWS console (Account > AWS Regions) and try again"
	case code == "ThrottlingException" || code == "Throttling" || code == "LimitExceededException":
		e.Kind = KindThrottled
		e.Fix = "KMS is throttling requests; wait a minute and try again"
	case apiErr.ErrorFault() == smithy.FaultServer:
		e.Kind = KindAmbiguous
		e.Fix = "KMS had an internal error; try again: setup first looks for what was already done, so nothing is made twice"
	}
}

func isNoCredentials(msg string) bool {
	for _, s := range []string{"failed to retrieve credentials", "no EC2 IMDS role found", "failed to refresh cached credentials",
		"static credentials are empty", "get credentials:", "AnonymousCredentials", "no valid credential sources"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func isSSOExpired(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "sso") && (strings.Contains(m, "expired") || strings.Contains(m, "invalidgrant") ||
		strings.Contains(m, "refresh cached sso token failed") || strings.Contains(m, "failed to read cached sso token"))
}

func rootCause(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

func classifyConfigError(err error, profile string) error {
	e := &Error{Err: err, Msg: err.Error()}
	msg := err.Error()
	if strings.Contains(msg, "failed to get shared config profile") || strings.Contains(msg, "SharedConfigProfileNotExist") {
		e.Kind = KindProfile
		e.Msg = fmt.Sprintf("the AWS profile %q does not exist in your shared config", profile)
		e.Fix = "check the name with `aws configure list-profiles`, or create it with `aws configure --profile " + profile + "`"
		return e
	}
	e.Kind = KindProfile
	e.Msg = "cannot load the AWS configuration: " + msg
	e.Fix = "check ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)"
	return e
}
