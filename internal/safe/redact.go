package safe

import (
	"regexp"
	"sync"
)

// Redacted stands in for a credential removed from a text.
const Redacted = "[REDACTED]"

// redactors are the patterns of Redact, compiled at its first use: only
// error texts pass Redact, and compiling them at every start cost each
// command 0.16 ms and 78 KB before main (the counted repetitions of the
// secret key and the token unroll into 40 and 100 instructions).
var redactors = sync.OnceValue(func() *redactPatterns {
	return &redactPatterns{
		// Access key IDs: long-term (AKIA), temporary (ASIA), and the other
		// key-ID prefixes AWS documents for access keys.
		accessKey: regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`),
		// A named credential: the name (a header, a config key, a JSON field)
		// and its value up to the end of the value.
		named: regexp.MustCompile(`(?i)((?:aws_)?secret_?access_?key|aws_session_token|session_?token|security_?token|` +
			`x-amz-security-token|x-amz-sso_bearer_token|sso_?bearer_?token|access_?token|refresh_?token|client_?secret|` +
			`id_?token|bearer)("?\s*[:=]?\s*"?)([^\s",;&}]{8,})`),
		// An Authorization header: everything after it on its line.
		auth: regexp.MustCompile(`(?i)\b(authorization)(\s*[:=]\s*)([^\r\n"]+)`),
		// A secret access key: 40 characters of its alphabet standing alone,
		// with upper case, lower case and a digit in it.
		secret: regexp.MustCompile(`(^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})($|[^A-Za-z0-9/+=])`),
		// A session or SSO token: a long run of base64.
		token: regexp.MustCompile(`[A-Za-z0-9/+=_-]{100,}`),
		up:    regexp.MustCompile(`[A-Z]`),
		low:   regexp.MustCompile(`[a-z]`),
		dig:   regexp.MustCompile(`[0-9]`),
	}
})

type redactPatterns struct {
	accessKey, named, auth, secret, token, up, low, dig *regexp.Regexp
}

// Redact returns s with credentials an endpoint may have echoed back (an
// error message that quotes the request's headers) replaced by [REDACTED]:
// access key IDs (AKIA…, ASIA…), secret access keys, session tokens, SSO
// bearer, access and refresh tokens, client secrets and Authorization
// headers. It is applied to every error text the tool keeps or shows.
func Redact(s string) string {
	if len(s) < 8 {
		return s
	}
	re := redactors()
	s = re.auth.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = re.named.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = re.accessKey.ReplaceAllString(s, "${1}"+Redacted)
	s = re.token.ReplaceAllString(s, Redacted)
	s = re.secret.ReplaceAllStringFunc(s, func(m string) string {
		sub := re.secret.FindStringSubmatch(m)
		key := sub[2]
		if !re.up.MatchString(key) || !re.low.MatchString(key) || !re.dig.MatchString(key) {
			return m
		}
		return sub[1] + Redacted + sub[3]
	})
	return s
}
