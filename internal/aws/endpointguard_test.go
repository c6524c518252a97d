package aws

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/zcmk/zcmk-tui/internal/testutil/sentinel"
)

// A client made from the configuration obeys the clear-text rule without a
// line of its own, even one sent to another host by its own options (as a
// service client added later might be): the request is refused before it
// is sent, and the host gets nothing.
func TestEveryClientFromTheConfigObeysTheRule(t *testing.T) {
	remote := sentinel.StartT(t)
	awsFiles(t, "[default]\nregion = us-east-1\n")
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	ctx := context.Background()
	cl, err := Load(ctx, Config{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(cl.cfg, func(o *sts.Options) { o.BaseEndpoint = &remote.URL }).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if KindOf(err) != KindEndpointRefused || !strings.Contains(err.Error(), remote.Host) {
		t.Errorf("STS to %s: %v, want the refusal naming the host", remote.URL, err)
	}
	_, err = cloudtrail.NewFromConfig(cl.cfg, func(o *cloudtrail.Options) { o.BaseEndpoint = &remote.URL }).
		LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	if KindOf(err) != KindEndpointRefused {
		t.Errorf("CloudTrail to %s: %v, want the refusal", remote.URL, err)
	}
	remote.AssertNothing(t, "clients made from the configuration")
}

// Load refuses an endpoint setting of a credential provider's service
// before any call, naming it.
func TestLoadRefusesACredentialProvidersEndpoint(t *testing.T) {
	for _, name := range []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_SIGNIN", "AWS_ENDPOINT_URL_STS"} {
		awsFiles(t, "[default]\nregion = us-east-1\n")
		t.Setenv(name, "http://192.0.2.1:9")
		_, err := Load(context.Background(), Config{MaxAttempts: 1})
		if KindOf(err) != KindEndpointRefused || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want the refusal naming it", name, err)
		}
		t.Setenv(name, "")
		// With --allow-insecure-endpoint it is allowed (and listed).
		t.Setenv(name, "http://192.0.2.1:9")
		cl, err := Load(context.Background(), Config{MaxAttempts: 1, AllowInsecureEndpoint: true})
		if err != nil {
			t.Fatalf("%s with AllowInsecureEndpoint: %v", name, err)
		}
		found := false
		for _, e := range cl.Endpoints() {
			found = found || (e.From == name && e.Credentials)
		}
		if !found {
			t.Errorf("%s is not listed as a credential provider's endpoint: %+v", name, cl.Endpoints())
		}
		t.Setenv(name, "")
	}
}

func TestCheckEndpoint(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"http://127.0.0.1:5000", false, true},
		{"http://LOCALHOST:5000", false, true},
		{"http://LocalHost", false, true},
		{"http://[::1]:5000", false, true},
		{"https://kms.example.com", false, true},
		{"http://localhost.:5000", false, false},
		{"http://localhost.example.com", false, false},
		{"http://192.0.2.1", false, false},
		{"http://192.0.2.1", true, true},
		{"ftp://127.0.0.1", true, false},
		{"localhost:5000", false, false},
	} {
		if err := CheckEndpoint(tc.url, tc.insecure); (err == nil) != tc.ok {
			t.Errorf("CheckEndpoint(%q, %v) = %v", tc.url, tc.insecure, err)
		}
	}
}

// The instance metadata service (EC2 instance credentials) answers over
// plain http on an address that is not loopback by design, and receives no
// credentials: the guard leaves it alone, so an EC2 instance role still
// works.
func TestInstanceMetadataIsNotRefused(t *testing.T) {
	imds := sentinel.StartT(t)
	awsFiles(t, "[profile instance]\nregion = us-east-1\n") // no credentials of its own
	t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	cl, err := Load(context.Background(), Config{Profile: "instance", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = cl.Credentials(context.Background())
	if err == nil || KindOf(err) == KindEndpointRefused {
		t.Errorf("credentials from the instance metadata service: %v, want a failure of the service itself", err)
	}
	if imds.Connections() == 0 {
		t.Errorf("the instance metadata service was not asked: %v", err)
	}
}
