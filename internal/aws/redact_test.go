package aws

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/zcmk/zcmk-tui/internal/i18n"
)

// An endpoint that quotes the request's headers back in its error message
// must not get a credential into any text the tool keeps or shows.
func TestClassifyRedactsEchoedCredentials(t *testing.T) {
	const (
		keyID  = "ASIAQWERTYUIOPASDFGH"
		secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		token  = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6m9H3vZq7/0sj0s9fkd8G3kLs9Zp0Xy2vVb1YtJbCnQIgbXz4y6YbQ8Gm2vL9m8vK"
	)
	echo := "bad request; headers: Authorization: AWS4-HMAC-SHA256 Credential=" + keyID + "/20261207/us-east-1/kms/aws4_request\n" +
		"X-Amz-Security-Token: " + token + "\nsecret_access_key=" + secret
	for _, err := range []error{
		&smithy.GenericAPIError{Code: "ValidationException", Message: echo},
		&smithy.GenericAPIError{Code: "AccessDeniedException", Message: echo},
		&smithy.GenericAPIError{Code: "InternalFailure", Message: echo, Fault: smithy.FaultServer},
		fmt.Errorf("operation error KMS: DescribeKey: %w", errors.New(echo)),
	} {
		e := Classify(err, "DescribeKey", "us-east-1", "", "")
		texts := []string{e.Error()}
		for _, l := range i18n.Langs() {
			texts = append(texts, i18n.NewPrinter(l).Err(e))
		}
		for _, s := range texts {
			for _, c := range []string{keyID, secret, token} {
				if strings.Contains(s, c) {
					t.Errorf("%T: %q kept in %q", err, c, s)
				}
			}
		}
	}
}
