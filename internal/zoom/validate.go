package zoom

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValidateAlias checks "alias/" prefix, 1-256 chars of [A-Za-z0-9/_-] after it, not "alias/aws/...".
// The 256 characters count the whole alias, prefix included, as KMS does.
func ValidateAlias(alias string) error {
	const rule = `an alias is "alias/" followed by letters, digits, "/", "_" or "-" (256 characters at most), e.g. "alias/zoom-cmk"`
	name, ok := strings.CutPrefix(alias, "alias/")
	if !ok {
		if alias == "" {
			return fmt.Errorf("no alias given: %s", rule)
		}
		return fmt.Errorf("alias %q must start with \"alias/\": %s", shown(alias), rule)
	}
	if name == "" {
		return fmt.Errorf("alias %q has no name after \"alias/\": %s", shown(alias), rule)
	}
	if len(alias) > 256 {
		return fmt.Errorf("alias %q is %d characters long: %s", shown(alias), len(alias), rule)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '_' || r == '-') {
			return fmt.Errorf("alias %q contains %q: %s", shown(alias), r, rule)
		}
	}
	if strings.HasPrefix(strings.ToLower(alias), "alias/aws/") {
		return fmt.Errorf("alias %q is reserved: names starting with \"alias/aws/\" belong to AWS managed keys; choose another, e.g. \"alias/zoom-cmk\"", shown(alias))
	}
	return nil
}

// ValidateAccountID checks a 12-digit AWS account ID.
func ValidateAccountID(id string) error {
	if len(id) != 12 {
		return fmt.Errorf("account ID %q is not valid: an AWS account ID is exactly 12 digits, e.g. 123456789012", shown(id))
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return fmt.Errorf("account ID %q is not valid: an AWS account ID is exactly 12 digits (no dashes or spaces), e.g. 123456789012", shown(id))
		}
	}
	return nil
}

// ValidateEmail checks an e-mail address for key-status alerts: one bare
// address (no display name, no list), with a domain that contains a dot.
func ValidateEmail(addr string) error {
	const rule = "give one plain address such as admin@example.com"
	if strings.TrimSpace(addr) == "" {
		return fmt.Errorf("no e-mail address given: %s", rule)
	}
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return fmt.Errorf("e-mail address %q is not valid: %s", shown(addr), rule)
	}
	if a.Name != "" || a.Address != addr {
		return fmt.Errorf("e-mail address %q is not a plain address: %s", shown(addr), rule)
	}
	at := strings.LastIndexByte(a.Address, '@')
	domain := a.Address[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(domain, "[") {
		return fmt.Errorf("e-mail address %q has no valid domain (it needs a dot, as in example.com): %s", shown(addr), rule)
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
	const rule = `a tag is KEY=VALUE, e.g. "team=it-security" (key 1-128 characters, value up to 256)`
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return Tag{}, fmt.Errorf("tag %q has no \"=\": %s", shown(s), rule)
	}
	if k == "" {
		return Tag{}, fmt.Errorf("tag %q has an empty key: %s", shown(s), rule)
	}
	if n := utf8.RuneCountInString(k); n > 128 {
		return Tag{}, fmt.Errorf("tag key %q is %d characters long: %s", shown(k), n, rule)
	}
	if n := utf8.RuneCountInString(v); n > 256 {
		return Tag{}, fmt.Errorf("the value of tag %q is %d characters long: %s", shown(k), n, rule)
	}
	if strings.HasPrefix(strings.ToLower(k), "aws:") {
		return Tag{}, fmt.Errorf("tag key %q is reserved: keys starting with \"aws:\" belong to AWS", shown(k))
	}
	for _, part := range []string{k, v} {
		if !utf8.ValidString(part) {
			return Tag{}, fmt.Errorf("tag %q is not valid UTF-8", shown(s))
		}
		for _, r := range part {
			if !validTagRune(r) {
				return Tag{}, fmt.Errorf("tag %q contains %q: tags may hold letters, digits, spaces and _ . : / = + - @ (no newline, tab or other control character)", shown(s), r)
			}
		}
	}
	return Tag{Key: k, Value: v}, nil
}
