package safe

import (
	"strings"
	"testing"
)

func TestRedactCredentials(t *testing.T) {
	const (
		keyID   = "AKIAIOSFODNN7EXAMPLE"
		tempID  = "ASIAQWERTYUIOPASDFGH"
		secret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		token   = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6m9H3vZq7/0sj0s9fkd8G3kLs9Zp0Xy2vVb1YtJbCnQIgbXz4y6YbQ8Gm2vL9m8vKkP6i7QdT3Zq1pW2bN5mC4lYq"
		ssoTok  = "aoaAAAAAGabc123def456"
		secretB = "abcdEFGH1234ijklMNOP5678qrstUVWX90+/abcd"
	)
	echo := "InvalidSignature: the request had headers Authorization: AWS4-HMAC-SHA256 Credential=" + keyID +
		"/20261207/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=abc\nX-Amz-Security-Token: " + token +
		"\nx-amz-sso_bearer_token: " + ssoTok + "\n{\"accessToken\": \"" + ssoTok + "\", \"secretAccessKey\": \"" + secret +
		"\", \"sessionToken\": \"shorttoken123\"} creds " + tempID + " and " + secretB + " end"
	got := Redact(echo)
	for _, c := range []string{keyID, tempID, secret, token, ssoTok, secretB, "shorttoken123", "Signature=abc"} {
		if strings.Contains(got, c) {
			t.Errorf("%q kept in\n%s", c, got)
		}
	}
	for _, keep := range []string{"InvalidSignature: the request had headers Authorization", "X-Amz-Security-Token: [REDACTED]", " end"} {
		if !strings.Contains(got, keep) {
			t.Errorf("lost %q:\n%s", keep, got)
		}
	}
	for _, s := range []string{
		"arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd5678ef901234abcd5678ef90",
		"User: arn:aws:iam::123456789012:user/admin is not authorized to perform: kms:CreateKey",
		"alias/zoom-cmk", "Zoom 用の鍵", "/home/admin/.local/state/zcmk-tui/session.json",
		"https://kms.ap-northeast-1.amazonaws.com/ (dial tcp 10.0.0.1:443: i/o timeout)",
	} {
		if Redact(s) != s {
			t.Errorf("changed %q to %q", s, Redact(s))
		}
	}
}
