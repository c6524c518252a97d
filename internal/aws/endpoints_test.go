package aws

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// awsFiles writes a shared config and credentials file and points the
// process at them, with no endpoint variable, Region or profile set.
func awsFiles(t *testing.T, configText string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(cfg, []byte(configText), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(creds, []byte("[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n[emu]\naws_access_key_id = testing\naws_secret_access_key = testing\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_CLOUDTRAIL",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		t.Setenv(k, "")
	}
}

// A profile's endpoint_url (or its services section) sends calls to
// another endpoint: the clients use it, and Endpoint/Endpoints name it, so
// that an emulator run is never recorded as a run against AWS. Before,
// Endpoint was "" for it (the runbook and the warning said AWS).
func TestProfileEndpointIsUsedAndNamed(t *testing.T) {
	srv := moto.StartT(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, config string
		wantSTS      bool
	}{
		{"endpoint_url", "[profile emu]\nregion = us-east-1\nendpoint_url = " + srv.URL + "\n", true},
		{"services section", "[profile emu]\nregion = us-east-1\nservices = emu-services\n\n[services emu-services]\nkms =\n  endpoint_url = " + srv.URL + "\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			awsFiles(t, tc.config)
			cl, err := Load(ctx, Config{Profile: "emu", MaxAttempts: 1})
			if err != nil {
				t.Fatal(err)
			}
			if cl.Endpoint() != srv.URL {
				t.Errorf("Endpoint() = %q, want the profile's %q", cl.Endpoint(), srv.URL)
			}
			eps := cl.Endpoints()
			if len(eps) == 0 || eps[0].Service != "KMS" || !eps[0].InConfigFile || !strings.HasPrefix(eps[0].From, "profile emu, ") {
				t.Errorf("Endpoints() = %+v, want KMS from profile emu first", eps)
			}
			hasSTS := false
			for _, e := range eps {
				hasSTS = hasSTS || e.Service == "STS"
			}
			if hasSTS != tc.wantSTS {
				t.Errorf("STS listed = %v, want %v: %+v", hasSTS, tc.wantSTS, eps)
			}
			if _, err := cl.KMS("us-east-1").ListMultiRegionKeyIDs(ctx); err != nil {
				t.Errorf("a KMS call through the profile's endpoint: %v", err)
			}
		})
	}
}

// --endpoint-url wins over every other setting, AWS_ENDPOINT_URL_KMS
// included (the SDK alone lets the variable win over the flag).
func TestEndpointFlagWinsOverServiceVariable(t *testing.T) {
	srv := moto.StartT(t)
	awsFiles(t, "[default]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9\n")
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:9")
	cl, err := Load(context.Background(), Config{EndpointURL: srv.URL, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Endpoint() != srv.URL {
		t.Errorf("Endpoint() = %q, want the flag's %q", cl.Endpoint(), srv.URL)
	}
	if _, err := cl.KMS("us-east-1").ListMultiRegionKeyIDs(context.Background()); err != nil {
		t.Errorf("the KMS call did not go to the flag's endpoint: %v", err)
	}
	if _, err := cl.Identity(context.Background(), "us-east-1"); err != nil {
		t.Errorf("the STS call did not go to the flag's endpoint: %v", err)
	}
}

// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the profile's endpoint off,
// as in the SDK.
func TestIgnoreConfiguredEndpoints(t *testing.T) {
	awsFiles(t, "[default]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9\n")
	t.Setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
	cl, err := Load(context.Background(), Config{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Endpoint() != "" || len(cl.Endpoints()) != 0 {
		t.Errorf("ignored endpoints still in use: %q %+v", cl.Endpoint(), cl.Endpoints())
	}
}

// The SDK never writes log lines of its own to the user's terminal (a
// "WARN failed to discard remaining HTTP response body" once came out in
// the middle of a drill's output): the tool says every failure itself.
func TestSDKLogsNothing(t *testing.T) {
	awsFiles(t, "[default]\nregion = us-east-1\n")
	cl, err := Load(context.Background(), Config{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cl.cfg.Logger.(logging.Nop); !ok {
		t.Errorf("the SDK logs through %T", cl.cfg.Logger)
	}
}
