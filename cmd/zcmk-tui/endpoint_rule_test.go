package main

import (
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/testutil/sentinel"
)

// bare runs the binary with no endpoint setting of the emulator's: only the
// AWS config and credentials files written under home (.aws/config,
// .aws/credentials), HOME=home, and env.
func bare(t *testing.T, home string, env []string, args ...string) runResult {
	t.Helper()
	return runWith(t, append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"AWS_CONFIG_FILE=" + filepath.Join(home, ".aws", "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, ".aws", "credentials"),
		"AWS_EC2_METADATA_DISABLED=true"}, env...), args...)
}

// awsHome writes a HOME with .aws/config (configText) and .aws/credentials
// (a source profile "base" and the default one, both with moto's dummy keys).
func awsHome(t *testing.T, configText string) string {
	t.Helper()
	home := t.TempDir()
	dir := filepath.Join(home, ".aws")
	if err := os.MkdirAll(filepath.Join(dir, "sso", "cache"), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("config", configText)
	write("credentials", "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
	return home
}

// ssoCache writes an SSO token cache file, named as the SDK looks it up
// (the SHA-1 of the start URL, or of the sso_session name).
func ssoCache(t *testing.T, home, key, text string) {
	t.Helper()
	sum := sha1.Sum([]byte(key))
	if err := os.WriteFile(filepath.Join(home, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

const (
	ssoStart = "https://zcmk-test.awsapps.com/start"
	// A legacy SSO profile whose cached token is valid: the SDK calls SSO
	// GetRoleCredentials with it.
	ssoProfile = "[profile sso]\nregion = us-east-1\nsso_start_url = " + ssoStart + "\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\n"
	ssoToken   = `{"accessToken":"zcmk-sso-bearer-token","expiresAt":"2099-01-01T00:00:00Z","region":"us-east-1","startUrl":"` + ssoStart + `"}`
	// An sso_session profile whose cached token has expired: the SDK
	// refreshes it with SSO OIDC CreateToken, sending the refresh token and
	// the client secret.
	ssoSessionProfile = "[profile ssos]\nregion = us-east-1\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n\n[sso-session corp]\nsso_start_url = " + ssoStart + "\nsso_region = us-east-1\n"
	ssoSessionToken   = `{"accessToken":"old","expiresAt":"2000-01-01T00:00:00Z","refreshToken":"zcmk-refresh-token","clientId":"cid","clientSecret":"zcmk-client-secret","registrationExpiresAt":"2099-01-01T00:00:00Z","region":"us-east-1","startUrl":"` + ssoStart + `"}`
	staticKeys        = "AWS_ACCESS_KEY_ID=testing"
	staticSecret      = "AWS_SECRET_ACCESS_KEY=testing"
)

// Every endpoint setting of every service the SDK may call, the credential
// providers' included (STS for web identity, SSO, SSO OIDC, Signin), obeys
// the clear-text rule: plain http to another host than this machine is
// refused before any call (exit 2), naming the setting, and the host gets
// nothing. Before, AWS_ENDPOINT_URL_SSO and a services section for sso sent
// the SSO bearer token there, AWS_ENDPOINT_URL_SSO_OIDC the refresh token
// and client secret, with no flag and no warning.
func TestEveryEndpointSettingObeysTheClearTextRule(t *testing.T) {
	remote := sentinel.StartT(t)
	svcSection := func(profile, svc string) string {
		return "\nservices = remote\n\n[services remote]\n" + svc + " =\n  endpoint_url = " + remote.URL + "\n"
	}
	for _, tc := range []struct {
		name    string
		config  string
		token   [2]string // cache key, text
		env     []string
		args    []string
		setting string // named in the refusal
	}{
		{"AWS_ENDPOINT_URL", "", [2]string{}, []string{staticKeys, staticSecret, "AWS_ENDPOINT_URL=" + remote.URL}, nil, "AWS_ENDPOINT_URL"},
		{"AWS_ENDPOINT_URL_KMS", "", [2]string{}, []string{staticKeys, staticSecret, "AWS_ENDPOINT_URL_KMS=" + remote.URL}, nil, "AWS_ENDPOINT_URL_KMS"},
		{"AWS_ENDPOINT_URL_STS", "", [2]string{}, []string{staticKeys, staticSecret, "AWS_ENDPOINT_URL_STS=" + remote.URL}, nil, "AWS_ENDPOINT_URL_STS"},
		{"AWS_ENDPOINT_URL_CLOUDTRAIL", "", [2]string{}, []string{staticKeys, staticSecret, "AWS_ENDPOINT_URL_CLOUDTRAIL=" + remote.URL}, nil, "AWS_ENDPOINT_URL_CLOUDTRAIL"},
		{"AWS_ENDPOINT_URL_SIGNIN", "", [2]string{}, []string{staticKeys, staticSecret, "AWS_ENDPOINT_URL_SIGNIN=" + remote.URL}, nil, "AWS_ENDPOINT_URL_SIGNIN"},
		{"AWS_ENDPOINT_URL_SSO with an SSO profile", ssoProfile, [2]string{ssoStart, ssoToken}, []string{"AWS_ENDPOINT_URL_SSO=" + remote.URL}, []string{"--profile", "sso"}, "AWS_ENDPOINT_URL_SSO"},
		{"AWS_ENDPOINT_URL_SSO_OIDC with an expired sso_session token", ssoSessionProfile, [2]string{"corp", ssoSessionToken}, []string{"AWS_ENDPOINT_URL_SSO_OIDC=" + remote.URL}, []string{"--profile", "ssos"}, "AWS_ENDPOINT_URL_SSO_OIDC"},
		{"AWS_ENDPOINT_URL_STS with web identity", "", [2]string{}, []string{"AWS_ROLE_ARN=arn:aws:iam::123456789012:role/ci", "AWS_WEB_IDENTITY_TOKEN_FILE=TOKENFILE", "AWS_ENDPOINT_URL_STS=" + remote.URL}, nil, "AWS_ENDPOINT_URL_STS"},
		{"endpoint_url of the profile", "[profile p]\nregion = us-east-1\nendpoint_url = " + remote.URL + "\n", [2]string{}, []string{staticKeys, staticSecret}, []string{"--profile", "p"}, "profile p, endpoint_url"},
		{"services section: kms", "[profile p]\nregion = us-east-1" + svcSection("p", "kms"), [2]string{}, []string{staticKeys, staticSecret}, []string{"--profile", "p"}, "profile p, services: kms"},
		{"services section: sts of a role profile", "[profile p]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base" + svcSection("p", "sts"), [2]string{}, nil, []string{"--profile", "p"}, "profile p, services: sts"},
		{"services section: cloudtrail", "[profile p]\nregion = us-east-1" + svcSection("p", "cloudtrail"), [2]string{}, []string{staticKeys, staticSecret}, []string{"--profile", "p"}, "profile p, services: cloudtrail"},
		{"services section: signin", "[profile p]\nregion = us-east-1" + svcSection("p", "signin"), [2]string{}, []string{staticKeys, staticSecret}, []string{"--profile", "p"}, "profile p, services: signin"},
		{"services section: sso", strings.TrimSuffix(ssoProfile, "\n") + svcSection("sso", "sso"), [2]string{ssoStart, ssoToken}, nil, []string{"--profile", "sso"}, "profile sso, services: sso"},
		{"services section: sso_oidc", strings.Replace(ssoSessionProfile, "sso_role_name = Admin\n", "sso_role_name = Admin"+svcSection("ssos", "sso_oidc")+"\n", 1), [2]string{"corp", ssoSessionToken}, nil, []string{"--profile", "ssos"}, "profile ssos, services: sso_oidc"},
		{"--endpoint-url", "", [2]string{}, []string{staticKeys, staticSecret}, []string{"--endpoint-url", remote.URL}, "--endpoint-url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := awsHome(t, tc.config)
			if tc.token[0] != "" {
				ssoCache(t, home, tc.token[0], tc.token[1])
			}
			tokenFile := filepath.Join(home, "web-identity-token")
			if err := os.WriteFile(tokenFile, []byte("zcmk-web-identity-token"), 0o600); err != nil {
				t.Fatal(err)
			}
			env := make([]string, len(tc.env))
			for i, kv := range tc.env {
				env[i] = strings.ReplaceAll(kv, "TOKENFILE", tokenFile)
			}
			args := append([]string{"plan", "--region", "us-east-1", "--replica-region", "us-west-2"}, tc.args...)
			before := remote.Connections()
			r := bare(t, home, env, args...)
			if n := remote.Connections() - before; n != 0 {
				t.Errorf("%s got %d connection(s), want none; requests so far: %q", remote.URL, n, remote.Requests())
			}
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, exitUsage, r.stdout, r.stderr)
			}
			for _, want := range []string{tc.setting, remote.Host, "plain http", "nothing was sent"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
				}
			}
		})
	}
}

// --endpoint-url replaces every other endpoint setting everywhere, inside
// the SDK's credential providers too: with web identity and
// AWS_ENDPOINT_URL_STS, or a role profile whose services section sends STS
// elsewhere, the credential calls go to the flag's endpoint (the emulator)
// and the other host gets nothing. Before, the flag switched the checks of
// the other settings off while the credential providers still used them:
// the web-identity token, and a signed AssumeRole, went to the other host.
func TestEndpointFlagReplacesEveryOtherSetting(t *testing.T) {
	remote := sentinel.StartT(t)
	for _, tc := range []struct {
		name   string
		config string
		env    []string
		args   []string
		caller string // the caller's ARN on the emulator, "" when the emulator cannot give credentials (SSO)
	}{
		{"web identity with AWS_ENDPOINT_URL_STS", "", []string{"AWS_ROLE_ARN=arn:aws:iam::123456789012:role/ci", "AWS_ROLE_SESSION_NAME=ci", "AWS_WEB_IDENTITY_TOKEN_FILE=TOKENFILE", "AWS_ENDPOINT_URL_STS=" + remote.URL}, nil, "assumed-role/ci/"},
		{"role profile with a services section for sts", "[profile p]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nservices = remote\n\n[services remote]\nsts =\n  endpoint_url = " + remote.URL + "\n", nil, []string{"--profile", "p"}, "assumed-role/admin/"},
		{"SSO profile with AWS_ENDPOINT_URL_SSO", ssoProfile, []string{"AWS_ENDPOINT_URL_SSO=" + remote.URL}, []string{"--profile", "sso"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := awsHome(t, tc.config)
			ssoCache(t, home, ssoStart, ssoToken)
			tokenFile := filepath.Join(home, "web-identity-token")
			if err := os.WriteFile(tokenFile, []byte("zcmk-web-identity-token"), 0o600); err != nil {
				t.Fatal(err)
			}
			var env []string
			for _, kv := range tc.env {
				env = append(env, strings.ReplaceAll(kv, "TOKENFILE", tokenFile))
			}
			args := append([]string{"plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--endpoint-url", emu.URL, "--call-timeout", "5s"}, tc.args...)
			before := remote.Connections()
			r := bare(t, home, env, args...)
			if n := remote.Connections() - before; n != 0 {
				t.Errorf("%s got %d connection(s), want none; requests so far: %q", remote.URL, n, remote.Requests())
			}
			if strings.Contains(r.stderr, remote.Host) && !strings.Contains(r.stderr, "refused") {
				t.Errorf("the other host is named as a destination:\n%s", r.stderr)
			}
			if tc.caller != "" && (r.code != 0 || !strings.Contains(r.stdout, tc.caller)) {
				t.Errorf("the credentials did not come from the emulator (want a caller %q): exit %d\n%s\n%s", tc.caller, r.code, r.stdout, r.stderr)
			}
			// The line comes with the tool's first request; where the
			// emulator gives no credentials (SSO) the tool sends none.
			if tc.caller != "" && !strings.Contains(r.stderr, "sending AWS calls to "+emu.URL) {
				t.Errorf("the flag's endpoint is not announced:\n%s", r.stderr)
			}
		})
	}
}

// Plain http to this machine never goes through a proxy, whatever the case
// of the host name: Go's own proxy rule skips only a lowercase "localhost",
// so http://LOCALHOST:PORT with HTTP_PROXY set sent the signed requests and
// the session token to the proxy in clear text. The proxy gets nothing; the
// calls reach the emulator.
func TestLoopbackEndpointNeverGoesThroughAProxy(t *testing.T) {
	proxy := sentinel.StartT(t)
	port := strings.TrimPrefix(emu.URL, "http://127.0.0.1:")
	for _, tc := range []struct {
		name     string
		endpoint string
		proxyEnv string
	}{
		{"LOCALHOST, HTTP_PROXY", "http://LOCALHOST:" + port, "HTTP_PROXY"},
		{"LocalHost, http_proxy", "http://LocalHost:" + port, "http_proxy"},
		{"localhost, HTTP_PROXY", "http://localhost:" + port, "HTTP_PROXY"},
		{"127.0.0.1, HTTP_PROXY", "http://127.0.0.1:" + port, "HTTP_PROXY"},
		{"LOCALHOST, ALL_PROXY", "http://LOCALHOST:" + port, "ALL_PROXY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := awsHome(t, "")
			before := proxy.Connections()
			r := bare(t, home, []string{staticKeys, staticSecret, tc.proxyEnv + "=" + proxy.URL},
				"plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--endpoint-url", tc.endpoint, "--call-timeout", "5s")
			if n := proxy.Connections() - before; n != 0 {
				t.Errorf("the proxy %s got %d connection(s), want none: %q", proxy.URL, n, proxy.Requests())
			}
			if r.code != 0 || !strings.Contains(r.stdout, "123456789012") {
				t.Errorf("the plan did not reach the emulator straight: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// Plain http that --allow-insecure-endpoint lets go to another host is
// refused when a proxy would carry it (HTTP_PROXY, NO_PROXY as Go reads
// them), before any call, saying to add the host to NO_PROXY; with the host
// in NO_PROXY the calls go straight to it and the proxy gets nothing.
func TestInsecureEndpointIsRefusedThroughAProxy(t *testing.T) {
	proxy := sentinel.StartT(t)
	remote := sentinel.StartT(t)
	home := awsHome(t, "")
	args := []string{"plan", "--region", "us-east-1", "--replica-region", "us-west-2", "--endpoint-url", remote.URL, "--allow-insecure-endpoint", "--call-timeout", "5s"}

	r := bare(t, home, []string{staticKeys, staticSecret, "HTTP_PROXY=" + proxy.URL}, args...)
	proxy.AssertNothing(t, "HTTP_PROXY")
	remote.AssertNothing(t, "the endpoint behind the proxy")
	if r.code != exitUsage || !strings.Contains(r.stderr, "NO_PROXY") || !strings.Contains(r.stderr, "proxy") {
		t.Errorf("exit %d, want %d saying to use NO_PROXY:\n%s", r.code, exitUsage, r.stderr)
	}

	r = bare(t, home, []string{staticKeys, staticSecret, "HTTP_PROXY=" + proxy.URL, "NO_PROXY=" + remote.Host}, args...)
	proxy.AssertNothing(t, "HTTP_PROXY with the host in NO_PROXY")
	if remote.Connections() == 0 {
		t.Errorf("with the host in NO_PROXY the calls did not go straight to it: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "sending AWS calls to "+remote.URL) {
		t.Errorf("the insecure endpoint is not announced:\n%s", r.stderr)
	}
}

// An endpoint of a credential provider's service is announced like the
// others, even when it is allowed (https): "sending AWS calls to" names it.
// Before, AWS_ENDPOINT_URL_SSO sent the SSO token elsewhere without a word.
func TestCredentialProviderEndpointIsAnnounced(t *testing.T) {
	r := zcmk(t, []string{"AWS_ENDPOINT_URL_SSO=https://sso.zcmk-test.invalid", "AWS_ENDPOINT_URL_SSO_OIDC=https://oidc.zcmk-test.invalid"},
		"plan", "--region", "us-east-1", "--replica-region", "us-west-2")
	if r.code != 0 {
		t.Fatalf("plan: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"sending AWS calls to " + emu.URL, "https://sso.zcmk-test.invalid", "https://oidc.zcmk-test.invalid"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, r.stderr)
		}
	}
}
