package latency

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func at(ms int) time.Time { return time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond) }

func call(op string, start, end int) Call {
	return Call{Service: "kms", Operation: op, Region: "r", Start: at(start), End: at(end), Status: 200}
}

func TestSummarizeCriticalPath(t *testing.T) {
	tests := []struct {
		name  string
		calls []Call
		want  int
		chain []string
	}{
		{"none", nil, 0, nil},
		{"one", []Call{call("A", 0, 10)}, 1, []string{"r kms:A"}},
		{"three in sequence", []Call{call("A", 0, 10), call("B", 10, 20), call("C", 25, 30)}, 3,
			[]string{"r kms:A", "r kms:B", "r kms:C"}},
		{"three at once", []Call{call("A", 0, 10), call("B", 1, 11), call("C", 2, 12)}, 1, []string{"r kms:A"}},
		{
			// A, then B and C together, then D after both: A -> B -> D.
			"fan out and in",
			[]Call{call("A", 0, 10), call("B", 11, 20), call("C", 12, 22), call("D", 23, 30)},
			3, []string{"r kms:A", "r kms:B", "r kms:D"},
		},
		{
			// A long call overlapping a short chain of three: the chain wins.
			"long call beside a chain",
			[]Call{call("L", 0, 100), call("X", 1, 10), call("Y", 11, 20), call("Z", 21, 30)},
			3, []string{"r kms:X", "r kms:Y", "r kms:Z"},
		},
		{"arrival order does not matter", []Call{call("C", 20, 30), call("A", 0, 10), call("B", 10, 20)}, 3,
			[]string{"r kms:A", "r kms:B", "r kms:C"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarize(tc.calls)
			if s.CriticalPath != tc.want {
				t.Errorf("CriticalPath = %d, want %d", s.CriticalPath, tc.want)
			}
			if !reflect.DeepEqual(s.Chain, tc.chain) {
				t.Errorf("Chain = %q, want %q", s.Chain, tc.chain)
			}
			if s.Calls != len(tc.calls) {
				t.Errorf("Calls = %d, want %d", s.Calls, len(tc.calls))
			}
		})
	}
}

func TestCredentialScopeAndOperation(t *testing.T) {
	svc, region := credentialScope("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/ap-northeast-3/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
	if svc != "kms" || region != "ap-northeast-3" {
		t.Errorf("credentialScope = %q, %q", svc, region)
	}
	if svc, region := credentialScope(""); svc != "" || region != "" {
		t.Errorf("empty header: %q, %q", svc, region)
	}
	r := httptest.NewRequest("POST", "/", nil)
	r.Header.Set("X-Amz-Target", "TrentService.ReplicateKey")
	if op := operation(r, nil); op != "ReplicateKey" {
		t.Errorf("X-Amz-Target: %q", op)
	}
	r = httptest.NewRequest("POST", "/", nil)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if op := operation(r, []byte("Action=GetCallerIdentity&Version=2011-06-15")); op != "GetCallerIdentity" {
		t.Errorf("form body: %q", op)
	}
	r = httptest.NewRequest("POST", "/service/Foo/operation/Bar", nil)
	if op := operation(r, nil); op != "Bar" {
		t.Errorf("rpcv2 path: %q", op)
	}
	if code := errorCode([]byte(`{"__type":"com.amazonaws.kms#AlreadyExistsException","message":"x"}`)); code != "AlreadyExistsException" {
		t.Errorf("json error code: %q", code)
	}
	if code := errorCode([]byte(`<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>`)); code != "InvalidClientTokenId" {
		t.Errorf("xml error code: %q", code)
	}
}

// upstream answers like the emulator would, quickly, and echoes what it got.
func upstream(t *testing.T) *httptest.Server {
	t.Helper()
	u := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Amz-Target") == "TrentService.CreateAlias" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"__type":"AlreadyExistsException"}`))
			return
		}
		w.Header().Set("X-Echo-Host", r.Host)
		_, _ = w.Write(body)
	}))
	t.Cleanup(u.Close)
	return u
}

func send(t *testing.T, base, region, target, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	svc := "kms"
	if target == "" {
		svc = "sts"
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req.Header.Set("X-Amz-Target", target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261128/"+region+"/"+svc+"/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestProxyRecordsAndDelays(t *testing.T) {
	const delay = 40 * time.Millisecond
	up := upstream(t)
	s, err := Start("127.0.0.1:0", up.URL, delay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	begin := time.Now()
	resp := send(t, s.URL, "us-east-1", "", "Action=GetCallerIdentity&Version=2011-06-15")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if host := resp.Header.Get("X-Echo-Host"); host != strings.TrimPrefix(s.URL, "http://") {
		t.Errorf("upstream saw Host %q, want the client's %q", host, strings.TrimPrefix(s.URL, "http://"))
	}
	send(t, s.URL, "ap-northeast-1", "TrentService.CreateKey", "{}")
	send(t, s.URL, "ap-northeast-1", "TrentService.CreateAlias", "{}")
	if el := time.Since(begin); el < 3*delay {
		t.Errorf("3 sequential calls took %v, want at least %v", el, 3*delay)
	}

	calls := s.Calls()
	if len(calls) != 3 {
		t.Fatalf("recorded %d calls, want 3: %+v", len(calls), calls)
	}
	wantNames := []string{"sts:GetCallerIdentity", "kms:CreateKey", "kms:CreateAlias"}
	wantRegions := []string{"us-east-1", "ap-northeast-1", "ap-northeast-1"}
	for i, c := range calls {
		if c.Name() != wantNames[i] || c.Region != wantRegions[i] {
			t.Errorf("call %d = %s in %s, want %s in %s", i, c.Name(), c.Region, wantNames[i], wantRegions[i])
		}
		if d := c.End.Sub(c.Start); d < delay {
			t.Errorf("call %d lasted %v, want at least the delay %v", i, d, delay)
		}
	}
	if calls[2].Status != 400 || calls[2].ErrorCode != "AlreadyExistsException" {
		t.Errorf("error call recorded as %d %q", calls[2].Status, calls[2].ErrorCode)
	}
	sum := s.Summary()
	if sum.CriticalPath != 3 || sum.Errors != 1 || sum.Operations["kms:CreateKey"] != 1 {
		t.Errorf("summary = %+v", sum)
	}

	// Four calls at once form one round trip; a fifth after them is the second.
	s.Reset()
	var wg sync.WaitGroup
	begin = time.Now()
	for _, r := range []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1"} {
		wg.Add(1)
		go func() { defer wg.Done(); send(t, s.URL, r, "TrentService.DescribeKey", "{}") }()
	}
	wg.Wait()
	if el := time.Since(begin); el >= 4*delay {
		t.Errorf("4 concurrent calls took %v: the proxy serialised them", el)
	}
	send(t, s.URL, "us-east-1", "TrentService.GetKeyPolicy", "{}")
	sum = s.Summary()
	if sum.Calls != 5 || sum.CriticalPath != 2 || sum.Operations["kms:DescribeKey"] != 4 {
		t.Errorf("after 4 concurrent + 1: summary = %+v, want 5 calls, critical path 2", sum)
	}
}

func TestControlEndpoints(t *testing.T) {
	up := upstream(t)
	s, err := Start("127.0.0.1:0", up.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	resp, err := http.Post(s.URL+"/_proxy/delay?ms=25", "", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("set delay: %v %v", err, resp)
	}
	if s.Delay() != 25*time.Millisecond {
		t.Errorf("Delay = %v", s.Delay())
	}
	send(t, s.URL, "us-east-1", "TrentService.ListAliases", "{}")
	// The emulator's own API is forwarded but not recorded.
	if resp, err := http.Post(s.URL+"/moto-api/reset", "", nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("moto-api passthrough: %v %v", err, resp)
	}

	resp, err = http.Get(s.URL + "/_proxy/log")
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		DelayMS float64 `json:"delay_ms"`
		Calls   []Call  `json:"calls"`
		Summary Summary `json:"summary"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if log.DelayMS != 25 || len(log.Calls) != 1 || log.Summary.Operations["kms:ListAliases"] != 1 || log.Summary.CriticalPath != 1 {
		t.Errorf("log = %+v", log)
	}

	if resp, err := http.Post(s.URL+"/_proxy/reset", "", nil); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %v %v", err, resp)
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("%d calls after reset", n)
	}
	if resp, _ := http.Post(s.URL+"/_proxy/delay?ms=-1", "", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("negative delay accepted: %d", resp.StatusCode)
	}
}
