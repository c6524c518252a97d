package safe

import "regexp"

// Redacted stands in for a credential removed from a text.
const Redacted = "[REDACTED]"

var (
	// Access key IDs: long-term (AKIA), temporary (ASIA), and the other
	// key-ID prefixes AWS documents for access keys.
	accessKeyRE = regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`)
	// A named credential: the name (a header, a config key, a JSON field)
	// and its value up to the end of the value.
	namedRE = regexp.MustCompile(`(?i)((?:aws_)?secret_?access_?key|aws_session_token|session_?token|security_?token|` +
		`x-amz-security-token|x-amz-sso_bearer_token|sso_?bearer_?token|access_?token|refresh_?token|client_?secret|` +
		`id_?token|bearer)("?\s*[:=]?\s*"?)([^\s",;&}]{8,})`)
	// An Authorization header: everything after it on its line.
	authRE = regexp.MustCompile(`(?i)\b(authorization)(\s*[:=]\s*)([^\r\n"]+)`)
	// A secret access key: 40 characters of its alphabet standing alone,
	// with upper case, lower case and a digit in it.
	secretRE = regexp.MustCompile(`(^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})($|[^A-Za-z0-9/+=])`)
	// A session or SSO token: a long run of base64.
	tokenRE = regexp.MustCompile(`[A-Za-z0-9/+=_-]{100,}`)
	hasUp   = regexp.MustCompile(`[A-Z]`)
	hasLow  = regexp.MustCompile(`[a-z]`)
	hasDig  = regexp.MustCompile(`[0-9]`)
)

// Redact returns s with credentials an endpoint may have echoed back (an
// error message that quotes the request's headers) replaced by [REDACTED]:
// access key IDs (AKIA…, ASIA…), secret access keys, session tokens, SSO
// bearer, access and refresh tokens, client secrets and Authorization
// headers. It is applied to every error text the tool keeps or shows.
func Redact(s string) string {
	if len(s) < 8 {
		return s
	}
	s = authRE.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = namedRE.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = accessKeyRE.ReplaceAllString(s, "${1}"+Redacted)
	s = tokenRE.ReplaceAllString(s, Redacted)
	s = secretRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := secretRE.FindStringSubmatch(m)
		key := sub[2]
		if !hasUp.MatchString(key) || !hasLow.MatchString(key) || !hasDig.MatchString(key) {
			return m
		}
		return sub[1] + Redacted + sub[3]
	})
	return s
}
