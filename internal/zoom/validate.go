package zoom

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValidateAlias checks "alias/" prefix, 1-256 chars of [A-Za-z0-9/_-] after it, not "alias/aws/...".
// The 256 characters count the whole alias, prefix included, as KMS does.
func ValidateAlias(alias string) error {
	rule := msg("zoom.err.alias.rule")
	name, ok := strings.CutPrefix(alias, "alias/")
	if !ok {
		if alias == "" {
			return errMsg("zoom.err.alias.empty", rule)
		}
		return errMsg("zoom.err.alias.prefix", shown(alias), rule)
	}
	if name == "" {
		return errMsg("zoom.err.alias.noname", shown(alias), rule)
	}
	if len(alias) > 256 {
		return errMsg("zoom.err.alias.long", shown(alias), len(alias), rule)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '_' || r == '-') {
			return errMsg("zoom.err.alias.char", shown(alias), r, rule)
		}
	}
	if strings.HasPrefix(strings.ToLower(alias), "alias/aws/") {
		return errMsg("zoom.err.alias.reserved", shown(alias))
	}
	return nil
}

// ValidateAccountID checks a 12-digit AWS account ID.
func ValidateAccountID(id string) error {
	if len(id) != 12 {
		return errMsg("zoom.err.account.length", shown(id))
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return errMsg("zoom.err.account.digits", shown(id))
		}
	}
	return nil
}

// ValidateEmail checks an e-mail address for key-status alerts: one bare
// address (no display name, no list), with a domain that contains a dot.
func ValidateEmail(addr string) error {
	rule := msg("zoom.err.email.rule")
	if strings.TrimSpace(addr) == "" {
		return errMsg("zoom.err.email.empty", rule)
	}
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return errMsg("zoom.err.email.invalid", shown(addr), rule)
	}
	if a.Name != "" || a.Address != addr {
		return errMsg("zoom.err.email.notplain", shown(addr), rule)
	}
	at := strings.LastIndexByte(a.Address, '@')
	domain := a.Address[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(domain, "[") {
		return errMsg("zoom.err.email.domain", shown(addr), rule)
	}
	return nil
}

// Tag is a KMS resource tag.
type Tag struct{ Key, Value string }

// validTagRune reports the characters KMS allows in tag keys and values
// (\p{L}\p{Z}\p{N}_.:/=+-@): Unicode letters, separators such as the space,
// digits and _ . : / = + - @. Control characters (newline, tab, carriage
// return) are not separators and are refused.
func validTagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Z, r) || unicode.IsDigit(r) || strings.ContainsRune("_.:/=+-@", r)
}

// ParseTag parses "K=V" (key 1-128 chars, value 0-256 chars).
// The key must not start with "aws:" (reserved by AWS); characters are
// limited to what KMS accepts in tags.
func ParseTag(s string) (Tag, error) {
	rule := msg("zoom.err.tag.rule")
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return Tag{}, errMsg("zoom.err.tag.noequals", shown(s), rule)
	}
	if k == "" {
		return Tag{}, errMsg("zoom.err.tag.emptykey", shown(s), rule)
	}
	if n := utf8.RuneCountInString(k); n > 128 {
		return Tag{}, errMsg("zoom.err.tag.keylong", shown(k), n, rule)
	}
	if n := utf8.RuneCountInString(v); n > 256 {
		return Tag{}, errMsg("zoom.err.tag.valuelong", shown(k), n, rule)
	}
	if strings.HasPrefix(strings.ToLower(k), "aws:") {
		return Tag{}, errMsg("zoom.err.tag.reserved", shown(k))
	}
	for _, part := range []string{k, v} {
		if !utf8.ValidString(part) {
			return Tag{}, errMsg("zoom.err.tag.utf8", shown(s))
		}
		for _, r := range part {
			if !validTagRune(r) {
				return Tag{}, errMsg("zoom.err.tag.char", shown(s), r)
			}
		}
	}
	return Tag{Key: k, Value: v}, nil
}
