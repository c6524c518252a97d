package zoom

import (
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// An incomplete key set's note stands where the ARNs to paste would be, in
// the checklist (text and Markdown) and the support ticket: the partial
// set is never listed as the keys.
func TestIncompleteKeyListIsNotListed(t *testing.T) {
	arn := "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	cmd := "zcmk-tui setup --region us-gov-west-1 --replica-region us-gov-east-1,us-gov-east-2 --key " + arn
	keys := KeyList{ARNs: []string{arn}, Incomplete: []string{
		"The key set is INCOMPLETE: setup stopped before every Region was done. Do not paste these ARNs into the Zoom web portal yet.",
		"Finish it with:", "  " + cmd, "What exists now:", "Primary, us-gov-west-1:", arn, "Replica, us-gov-east-1:", "(not created yet)"}}
	txt, err := RenderChecklistKeys(english, "text", keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(txt, "Key ARNs to paste") || !strings.Contains(txt, "INCOMPLETE") || !strings.Contains(txt, "\n    "+cmd+"\n") ||
		!strings.Contains(txt, "\n    "+arn+"\n") || !strings.Contains(txt, "(not created yet)") {
		t.Errorf("text checklist of an incomplete set:\n%s", txt)
	}
	for _, l := range strings.Split(txt, "\n") {
		if uniseg.StringWidth(l) > 80 && !strings.Contains(l, "arn:") {
			t.Errorf("line wider than 80 columns: %q", l)
		}
	}
	md, err := RenderChecklistKeys(english, "markdown", keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md, "Key ARNs to paste") || strings.Contains(md, "- Primary") || !strings.Contains(md, "**The key set is INCOMPLETE") ||
		!strings.Contains(md, "\n    "+cmd+"\n") {
		t.Errorf("Markdown checklist of an incomplete set:\n%s", md)
	}
	ticket := RenderSupportTicketKeys(english, "", "", keys, "")
	if strings.Contains(ticket, "  - arn:") || !strings.Contains(ticket, "the key set is INCOMPLETE") ||
		!strings.Contains(ticket, "arn:aws-us-gov:iam::") {
		t.Errorf("ticket of an incomplete set (no key listed, the partition kept):\n%s", ticket)
	}
	// A whole set is listed as before.
	whole, _ := RenderChecklistKeys(english, "text", KeyList{ARNs: []string{arn}}, nil)
	if old, _ := RenderChecklist(english, "text", []string{arn}, nil); whole != old || !strings.Contains(whole, "Key ARNs to paste") {
		t.Errorf("a whole set renders otherwise than before:\n%s", whole)
	}
}
