package aws

import (
	"context"
	"errors"
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	"github.com/zcmk/zcmk-tui/internal/i18n"
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
		"kms:ReplicateKey", "kms:EnableKeyRotation", "kms:GetKeyRotationStatus", TaggingPermission,
	}
	VerifyPermissions = []string{"kms:GetKeyLastUsage", "cloudtrail:LookupEvents"}
	// DrillPermissions are the writes of a key-outage drill (besides the
	// reads verify makes).
	DrillPermissions = []string{"kms:DisableKey", "kms:EnableKey"}
)

// Error is a classified AWS failure: what happened, in plain words, and what
// to do. Text and FixText are the same as messages for any language; Msg and
// Fix are their English rendering (for logs, JSON and Error()).
type Error struct {
	Kind    Kind
	Op      string   // API operation, e.g. "CreateKey"
	Region  string   //
	Msg     string   // what happened
	Fix     string   // what to do about it
	Text    i18n.Msg // what happened, as a message ("" ID: Msg as it is)
	FixText i18n.Msg // what to do, as a message ("" ID: Fix as it is)
	Code    string   // the API error code, if any
	Err     error    // the SDK error
}

// en renders the English text of errors.
var en = i18n.NewPrinter(i18n.English)

// say sets what happened, as a message and in English.
func (e *Error) say(id string, args ...any) {
	e.Text = i18n.Msg{ID: id, Args: args}
	e.Msg = en.M(e.Text)
}

// sayFix sets what to do, as a message and in English.
func (e *Error) sayFix(id string, args ...any) {
	e.FixText = i18n.Msg{ID: id, Args: args}
	e.Fix = en.M(e.FixText)
}

// LocalizedSummary is what happened, with the call and Region, without the fix.
func (e *Error) LocalizedSummary() i18n.Msg {
	text := e.Text
	if text.ID == "" {
		text = i18n.Msg{ID: "aws.err.raw", Args: []any{e.Msg}}
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
func (e *Error) LocalizedFix() i18n.Msg {
	if e.FixText.ID == "" && e.Fix != "" {
		return i18n.Msg{ID: "aws.err.raw", Args: []any{e.Fix}}
	}
	return e.FixText
}

// Localized is the whole error as Error() says it, in any language.
func (e *Error) Localized() i18n.Msg {
	if fix := e.LocalizedFix(); fix.ID != "" {
		return i18n.Msg{ID: "aws.err.with-fix", Args: []any{e.LocalizedSummary(), fix}}
	}
	return e.LocalizedSummary()
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

func classifyAPI(e *Error, apiErr smithy.APIError, profileFlag string, hint *regionHint) {
	code, raw := e.Code, e.Msg // raw: AWS's own words, kept as they are
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
		if strings.Contains(strings.ToLower(e.Msg), "will not allow you to update the key policy") {
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
	case code == "AccessDeniedException" || code == "AccessDenied" || strings.Contains(code, "NotAuthorized"):
		e.Kind = KindAccessDenied
		perm := ""
		if m := permRE.FindStringSubmatch(e.Msg); m != nil {
			perm = m[1]
		} else if strings.Contains(e.Op, ":") {
			perm = e.Op // named with its service (scheduler:..., iam:...)
		} else if e.Op != "" {
			svc := "kms"
			switch e.Op {
			case "GetCallerIdentity":
				svc = "sts"
			case "GetResources":
				svc = "tag"
			}
			perm = svc + ":" + e.Op
		}
		if perm == "" {
			e.say("aws.err.access-denied.summary-unnamed", raw)
			e.sayFix("aws.err.access-denied.fix-setup", strings.Join(SetupPermissions, ", "))
		} else {
			e.say("aws.err.access-denied.summary", perm)
			e.sayFix("aws.err.access-denied.fix-setup-perm", perm, strings.Join(SetupPermissions, ", "))
			if e.Op == "DisableKey" || e.Op == "EnableKey" {
				e.sayFix("aws.err.access-denied.fix-drill", perm, DrillPermissions[0], DrillPermissions[1])
			}
		}
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
	e := &Error{Err: err, Kind: KindProfile}
	msg := err.Error()
	if strings.Contains(msg, "failed to get shared config profile") || strings.Contains(msg, "SharedConfigProfileNotExist") {
		e.say("aws.err.profile.summary-missing", profile)
		e.sayFix("aws.err.profile.fix-missing", profile)
		return e
	}
	e.say("aws.err.profile.summary", msg)
	e.sayFix("aws.err.profile.fix")
	return e
}
