package ui

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// The copy action puts on the clipboard only a key ARN, written again from
// its parts: text that is not one (an ARN with a sequence appended, an
// alias, anything else) reaches neither the terminal nor the native
// clipboard.
func TestCopyARNOnlyAKeyARN(t *testing.T) {
	t.Setenv("TMUX", "")
	t.Setenv("STY", "")
	const arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	for _, bad := range []string{arn + "\x1b]52;c;ZXZpbA==\x07", "alias/zoom-cmk", "evil", arn + "\n" + arn} {
		var out bytes.Buffer
		var native []string
		msg := copyARNCmd(bad, &out, func(s string) error { native = append(native, s); return nil })().(copiedMsg)
		if msg.err == nil || out.Len() != 0 || len(native) != 0 {
			t.Errorf("%q: copied (err %v, terminal %q, native %q)", bad, msg.err, out.String(), native)
		}
	}
	var out bytes.Buffer
	var native []string
	msg := copyARNCmd(arn, &out, func(s string) error { native = append(native, s); return nil })().(copiedMsg)
	if msg.err != nil || !msg.osc52 || len(native) != 1 || native[0] != arn ||
		!strings.Contains(out.String(), base64.StdEncoding.EncodeToString([]byte(arn))) {
		t.Errorf("the ARN was not copied: %+v %q %q", msg, out.String(), native)
	}
}
