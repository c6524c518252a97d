package aws

import (
	"context"
	"errors"
	"net"
	"regexp"
	"slices"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/safe"
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
// VerifyPermissions the extra ones for verification; both read from Calls.
var (
	SetupPermissions  = ActionsFor(UseSetup)
	VerifyPermissions = []string{"kms:GetKeyLastUsage", "cloudtrail:LookupEvents"}
	// DrillPermissions are the writes of a key-outage drill (besides the
	// reads verify makes).
	DrillPermissions = []string{"kms:DisableKey", "kms:EnableKey"}
)

// Error is a classified AWS failure: what happened, in plain words, and what
// to do, as messages for any language; Error() renders them in English (for
// logs and JSON).
type Error struct {
	Kind    Kind
	Op      string   // API operation, e.g. "CreateKey"
	Region  string   //
	Text    i18n.Msg // what happened ("" ID: the SDK error's own words)
	FixText i18n.Msg // what to do about it ("" ID: nothing to say)
	Code    string   // the API error code, if any
	Err     error    // the SDK error
}

// en renders the English text of errors.
var en = i18n.NewPrinter(i18n.English)

// say sets what happened.
func (e *Error) say(id string, args ...any) { e.Text = i18n.Msg{ID: id, Args: args} }

// sayFix sets what to do.
func (e *Error) sayFix(id string, args ...any) { e.FixText = i18n.Msg{ID: id, Args: args} }

// LocalizedSummary is what happened, with the call and Region, without the fix.
func (e *Error) LocalizedSummary() i18n.Msg {
	text := e.Text
	if text.ID == "" {
		raw := ""
		if e.Err != nil {
			raw = e.Err.Error()
		}
		text = i18n.Msg{ID: "aws.err.raw", Args: []any{raw}}
	}
	switch {
	case e.Op != "" && e.Region != "":
		return i18n.Msg{ID: "aws.err.at", Args: []any{e.Op, e.Region, text}}
	case e.Op != "":
		return i18n.Msg{ID: "aws.err.op", Args: []any{e.Op, text}}
	}
	return text
}

// LocalizedFix is what to do (an empty ID when there is nothing to say).
func (e *Error) LocalizedFix() i18n.Msg { return e.FixText }

// Localized is the whole error as Error() says it, in any language.
func (e *Error) Localized() i18n.Msg {
	if fix := e.LocalizedFix(); fix.ID != "" {
		return i18n.Msg{ID: "aws.err.with-fix", Args: []any{e.LocalizedSummary(), fix}}
	}
	return e.LocalizedSummary()
}

// Error is the error in English: "Op in Region: what happened" and
// "\n  fix: what to do" when there is something to do.
func (e *Error) Error() string { return en.M(e.Localized()) }

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
	// An endpoint may echo the request's headers in its answer: no text of
	// the SDK's error is kept or shown with a credential in it.
	msg := safe.Redact(err.Error())
	profileFlag := ""
	if profile != "" {
		profileFlag = " --profile " + profile
	}
	var apiErr smithy.APIError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
		e.say("aws.err.canceled.summary")
		return e
	case isSSOExpired(msg):
		e.Kind = KindExpired
		e.say("aws.err.expired-sso.summary")
		e.sayFix("aws.err.expired-sso.fix", profileFlag)
		return e
	case isNoCredentials(msg):
		e.Kind = KindNoCredentials
		e.say("aws.err.no-credentials.summary")
		e.sayFix("aws.err.no-credentials.fix")
		return e
	case errors.As(err, &apiErr):
		e.Code = apiErr.ErrorCode()
		raw := safe.Redact(apiErr.ErrorMessage())
		if raw == "" {
			raw = e.Code
		}
		classifyAPI(e, apiErr, raw, profileFlag, hint)
		return e
	case deniedStatus(err, ""):
		// HTTP 403 without an AWS error we can read (an emulator's page).
		accessDenied(e, msg)
		return e
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &opErr) && opErr.Op == "dial":
		e.Kind = KindUnreachable
		var where any = endpoint
		if endpoint == "" {
			where = i18n.Msg{ID: "aws.err.unreachable.aws-endpoint"}
		}
		e.say("aws.err.unreachable.summary", where, rootCause(err))
		e.sayFix("aws.err.unreachable.fix")
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "connection reset") ||
		strings.Contains(msg, "EOF") || strings.Contains(msg, "timeout") || strings.Contains(msg, "closed network connection"):
		e.Kind = KindAmbiguous
		e.say("aws.err.ambiguous.summary", rootCause(err))
		e.sayFix("aws.err.ambiguous.fix")
	default:
		e.say("aws.err.unknown.summary", msg)
	}
	return e
}

// classifyAPI classifies an API error; raw is AWS's own words, kept as
// they are.
func classifyAPI(e *Error, apiErr smithy.APIError, raw, profileFlag string, hint *regionHint) {
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
		e.say("aws.err.not-found.summary", raw)
	case code == "ResourceNotFoundException" || code == "NoSuchEntity":
		e.Kind = KindNotFound // Scheduler's and IAM's words
		e.say("aws.err.not-found.summary", raw)
	case errors.As(apiErr, &exists) || code == "ConflictException" || code == "EntityAlreadyExists":
		e.Kind = KindAlreadyExists
		e.say("aws.err.already-exists.summary", raw)
	case errors.As(apiErr, &malform):
		if strings.Contains(strings.ToLower(raw), "will not allow you to update the key policy") {
			e.Kind = KindLockout
			e.say("aws.err.lockout.summary", raw)
			e.sayFix("aws.err.lockout.fix")
		} else {
			e.say("aws.err.malformed-policy.summary", raw)
			e.sayFix("aws.err.malformed-policy.fix")
		}
	case errors.As(apiErr, &state):
		e.Kind = KindInvalidState
		e.say("aws.err.invalid-state.summary", raw)
		e.sayFix("aws.err.invalid-state.fix")
	case code == "AccessDeniedException" || code == "AccessDenied" || strings.Contains(code, "NotAuthorized") || deniedStatus(e.Err, code):
		accessDenied(e, raw)
	case code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired":
		e.Kind = KindExpired
		e.say("aws.err.expired-token.summary")
		e.sayFix("aws.err.expired-token.fix", profileFlag)
	case (code == "UnrecognizedClientException" || code == "InvalidClientTokenId") && hint != nil && (!hint.optIn || hint.answered):
		// Not an opt-in Region, or one that already answered in this run:
		// a disabled Region cannot be the cause.
		e.Kind = KindBadCredentials
		e.say("aws.err.invalid-credentials.summary", raw)
		e.sayFix("aws.err.invalid-credentials.fix", profileFlag)
	case code == "UnrecognizedClientException" || code == "InvalidClientTokenId":
		e.Kind = KindRegionDisabled
		e.say("aws.err.region-disabled.summary-unrecognized", raw)
		e.sayFix("aws.err.region-disabled.fix-unrecognized")
	case code == "SignatureDoesNotMatch" || code == "IncompleteSignature":
		e.Kind = KindNoCredentials
		e.say("aws.err.signature.summary")
		e.sayFix("aws.err.signature.fix", profileFlag)
	case code == "OptInRequired":
		e.Kind = KindRegionDisabled
		e.say("aws.err.region-disabled.summary", raw)
		e.sayFix("aws.err.region-disabled.fix")
	case code == "ThrottlingException" || code == "Throttling" || code == "LimitExceededException":
		e.Kind = KindThrottled
		e.say("aws.err.throttled.summary", raw)
		e.sayFix("aws.err.throttled.fix")
	case apiErr.ErrorFault() == smithy.FaultServer:
		e.Kind = KindAmbiguous
		e.say("aws.err.server.summary", raw)
		e.sayFix("aws.err.server.fix")
	default:
		e.say("aws.err.unknown.summary", raw)
	}
}

// accessDenied names the IAM action refused, from the call we made (the
// SDK's service and operation) and only failing that from AWS's words, and
// points at `zcmk-tui permissions`.
func accessDenied(e *Error, raw string) {
	e.Kind = KindAccessDenied
	service, op := "", e.Op
	var oe *smithy.OperationError
	if errors.As(e.Err, &oe) {
		service = oe.ServiceID
		if op == "" {
			op = oe.OperationName
		}
	}
	perm := IAMAction(service, op)
	if perm == "" && strings.Contains(op, ":") {
		perm = op // a call named with its service (scheduler:..., iam:...)
	}
	if perm == "" {
		if m := permRE.FindStringSubmatch(raw); m != nil {
			perm = m[1]
		}
	}
	if perm == "" {
		e.say("aws.err.access-denied.summary-unnamed", raw)
		e.sayFix("aws.err.access-denied.fix-setup", strings.Join(SetupPermissions, ", "))
		return
	}
	e.say("aws.err.access-denied.summary", perm)
	forFlag := ""
	if c, ok := LookupCall(service, op); ok && len(c.Uses) > 0 && !slices.Contains(c.Uses, UseSetup) {
		forFlag = " --for " + string(c.Uses[0])
	}
	e.sayFix("aws.err.access-denied.fix-permissions", perm, forFlag)
}

// deniedStatus reports an HTTP 403 answer whose error code says nothing we
// know (an endpoint may answer 403 with a body that is not an AWS error).
func deniedStatus(err error, code string) bool {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 403 {
		return false
	}
	switch code {
	case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "UnrecognizedClientException", "InvalidClientTokenId",
		"SignatureDoesNotMatch", "IncompleteSignature", "OptInRequired":
		return false
	}
	return true
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
			return safe.Redact(err.Error())
		}
		err = u
	}
}

func classifyConfigError(err error, profile string) error {
	e := &Error{Err: err, Kind: KindProfile}
	msg := safe.Redact(err.Error())
	if strings.Contains(msg, "failed to get shared config profile") || strings.Contains(msg, "SharedConfigProfileNotExist") {
		e.say("aws.err.profile.summary-missing", profile)
		e.sayFix("aws.err.profile.fix-missing", profile)
		return e
	}
	e.say("aws.err.profile.summary", msg)
	e.sayFix("aws.err.profile.fix")
	return e
}
