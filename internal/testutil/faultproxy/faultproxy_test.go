package faultproxy_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/zcmk/zcmk-tui/internal/testutil/faultproxy"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

func clients(t *testing.T, endpoint string) (*kms.Client, *sts.Client) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-west-2"),
		config.WithRetryMaxAttempts(1),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = sdkaws.String(endpoint)
	return kms.NewFromConfig(cfg), sts.NewFromConfig(cfg)
}

func TestFaults(t *testing.T) {
	emu := moto.StartT(t)
	p := faultproxy.New(t, emu.URL)
	k, s := clients(t, p.URL)
	ctx := context.Background()

	var seen atomic.Int32
	p.OnRequest(func(faultproxy.Request) { seen.Add(1) })

	// Forwarded as is, with the operation, service and Region read off the request.
	if _, err := s.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	got := p.Requests("")
	if len(got) != 2 || got[0].Op != "GetCallerIdentity" || got[0].Service != "sts" ||
		got[1].Op != "ListKeys" || got[1].Service != "kms" || got[1].Region != "us-west-2" || got[1].Status != 200 {
		t.Fatalf("requests: %+v", got)
	}

	// A canned error, once; then forwarded again.
	st, body := faultproxy.AWSError("AccessDeniedException", "no")
	p.Add(faultproxy.Fault{Op: "ListKeys", Times: 1, Status: st, Body: body})
	_, err := k.ListKeys(ctx, &kms.ListKeysInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" {
		t.Fatalf("canned answer: %v", err)
	}
	if _, err := k.ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatalf("after its one use the fault still applies: %v", err)
	}

	// A response lost after the emulator did the work.
	p.Add(faultproxy.Fault{Op: "CreateKey", Times: 1, DropAfterForward: true})
	if _, err := k.CreateKey(ctx, &kms.CreateKeyInput{}); err == nil {
		t.Fatal("a dropped response reached the client")
	}
	keys, err := k.ListKeys(ctx, &kms.ListKeysInput{})
	if err != nil || len(keys.Keys) != 1 {
		t.Fatalf("the emulator did not carry out the dropped CreateKey: %v %v", keys, err)
	}

	// A call that never answers: only the client's own bound ends it.
	p.Add(faultproxy.Fault{Op: "DescribeKey", Hang: true})
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err = k.DescribeKey(cctx, &kms.DescribeKeyInput{KeyId: keys.Keys[0].KeyId})
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("hanging call: %v", err)
	}

	// A computed answer applies only where it answers.
	p.Add(faultproxy.Fault{Op: "GetKeyRotationStatus", Answer: func(r faultproxy.Request) (int, string, bool) {
		if r.Body["KeyId"] != "canned" {
			return 0, "", false
		}
		return faultproxy.JSON(map[string]any{"KeyRotationEnabled": true})
	}})
	out, err := k.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: sdkaws.String("canned")})
	if err != nil || !out.KeyRotationEnabled {
		t.Fatalf("computed answer: %v %v", out, err)
	}
	if _, err := k.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: keys.Keys[0].KeyId}); err != nil {
		t.Fatalf("not answered by the fault, so forwarded: %v", err)
	}
	if n := p.Count("CreateKey"); n != 1 {
		t.Errorf("CreateKey count %d", n)
	}
	if d := p.Requests("CreateKey")[0].Fault; d != "drop" {
		t.Errorf("CreateKey fault %q", d)
	}
	// The hanging request is recorded once the client has given up.
	deadline := time.Now().Add(5 * time.Second)
	for p.Count("DescribeKey") == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if int(seen.Load()) != p.Count("") {
		t.Errorf("OnRequest saw %d requests, the record holds %d", seen.Load(), p.Count(""))
	}
}

// An answer with a Content-Type of its own, as an endpoint's error page has.
func TestAnswerContentType(t *testing.T) {
	p := faultproxy.New(t, "http://127.0.0.1:1")
	p.Add(faultproxy.Fault{Op: "ListKeys", Status: 500, ContentType: "text/plain", Body: "no"})
	p.Add(faultproxy.Fault{Op: "ListAliases", AnswerWithType: func(faultproxy.Request) (int, string, string, bool) {
		return 404, "text/html", "<h1>404</h1>", true
	}})
	for op, want := range map[string]string{"ListKeys": "text/plain", "ListAliases": "text/html", "DescribeKey": faultproxy.ContentType} {
		if op == "DescribeKey" {
			p.Add(faultproxy.Fault{Op: op, Status: 400, Body: "{}"})
		}
		req, _ := http.NewRequest("POST", p.URL, strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", "TrentService."+op)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", op, got, want)
		}
	}
}

// Rewrite forwards the request and changes the emulator's answer.
func TestRewriteChangesTheForwardedAnswer(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", faultproxy.ContentType)
		io.WriteString(w, `{"List":["a","b"]}`)
	}))
	defer backend.Close()
	p := faultproxy.New(t, backend.URL)
	p.Add(faultproxy.Fault{Op: "GetResources", Rewrite: func(_ faultproxy.Request, body []byte) []byte {
		return bytes.ReplaceAll(body, []byte(`"a",`), nil)
	}})
	req, _ := http.NewRequest("POST", p.URL, strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != `{"List":["b"]}` || resp.Header.Get("Content-Type") != faultproxy.ContentType {
		t.Errorf("answer %q (%s), want the forwarded answer without a", b, resp.Header.Get("Content-Type"))
	}
	if rs := p.Requests("GetResources"); len(rs) != 1 || rs[0].Fault != "rewrite" {
		t.Errorf("requests %+v", rs)
	}
}
