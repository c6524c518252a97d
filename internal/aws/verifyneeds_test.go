package aws

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// An optional verification call that is denied names every permission
// verify needs, the same list 'verify' prints for its other checks.
func TestClassifyOptionalAccessDeniedListsVerifyNeeds(t *testing.T) {
	c := &Clients{}
	err := c.classifyOptional(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "denied"}, "GetKeyLastUsage", "us-east-1")
	var ae *Error
	if !errors.As(err, &ae) || ae.Kind != KindAccessDenied {
		t.Fatalf("classified as %#v", err)
	}
	fix, msg := en.M(ae.FixText), en.M(ae.Text)
	for _, p := range VerifyNeeds() {
		if !strings.Contains(fix, p) {
			t.Errorf("fix %q does not name %s", fix, p)
		}
	}
	if !strings.Contains(msg, "kms:GetKeyLastUsage") {
		t.Errorf("msg %q does not name kms:GetKeyLastUsage", msg)
	}
}
