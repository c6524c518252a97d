// Package faultproxy is the one HTTP fault proxy of the tests: it stands
// between the SDK and the KMS emulator, forwards every request, and applies
// faults per operation that no emulator can produce on its own: a delay, a
// call that never answers, a response lost after the emulator did the work,
// or a canned answer (an error, or a call the emulator does not serve).
//
// It is a test helper; nothing in the product imports it.
package faultproxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one request seen by the proxy.
type Request struct {
	Region  string // from the SigV4 credential scope
	Service string // "kms", "sts", "cloudtrail", "scheduler", "iam"
	Op      string // X-Amz-Target's operation, the query protocol's Action (STS, IAM), or Scheduler's by method and path
	Body    map[string]any
	Start   time.Time
	End     time.Time
	Fault   string // "" forwarded as is; else "delay", "hang", "drop", "canned", "rewrite"
	Status  int    // status sent to the client; 0 when none was sent
}

// Fault says what to do with matching requests.
type Fault struct {
	Op     string // operation, e.g. "CreateKey"; "" matches every operation
	Region string // "" matches every Region
	Times  int    // apply to the first Times matching requests; 0 to all of them

	Delay            time.Duration // wait before forwarding or answering
	Hang             bool          // never answer (until the client gives up or the proxy closes)
	DropAfterForward bool          // forward (the emulator does the work), then close the connection unanswered
	Status           int           // canned answer's status; 0 forwards
	Body             string        // canned answer's body (AWS JSON 1.1)
	// Answer computes an answer; ok=false forwards the request.
	Answer func(Request) (status int, body string, ok bool)
	// ContentType of the canned or computed answer; "" = ContentType. An
	// endpoint's error page (text/html, text/plain) is one such answer.
	ContentType string
	// AnswerWithType is Answer with the answer's Content-Type ("" = ContentType).
	AnswerWithType func(Request) (status int, contentType, body string, ok bool)
	// Rewrite forwards the request and passes the emulator's answer body
	// through it: what an eventually consistent API answers (a list that
	// lacks what was made a moment ago) or a stale read.
	Rewrite func(r Request, body []byte) []byte
}

// ContentType is the AWS JSON 1.1 content type of canned answers.
const ContentType = "application/x-amz-json-1.1"

// AWSError is an AWS JSON 1.1 error answer: HTTP 400 with the error's code.
func AWSError(code, message string) (int, string) {
	b, _ := json.Marshal(map[string]string{"__type": code, "message": message})
	return http.StatusBadRequest, string(b)
}

// Throttle answers the first times requests of op with ThrottlingException.
func Throttle(op string, times int) Fault {
	st, body := AWSError("ThrottlingException", "Rate exceeded")
	return Fault{Op: op, Times: times, Status: st, Body: body}
}

// InternalError answers the first times requests of op with HTTP 500.
func InternalError(op string, times int) Fault {
	b, _ := json.Marshal(map[string]string{"__type": "KMSInternalException", "message": "internal error"})
	return Fault{Op: op, Times: times, Status: http.StatusInternalServerError, Body: string(b)}
}

// JSON is an answer of HTTP 200 with v as its AWS JSON 1.1 body.
func JSON(v any) (int, string, bool) {
	b, _ := json.Marshal(v)
	return http.StatusOK, string(b), true
}

// CallerIdentity answers sts:GetCallerIdentity as for the caller arn (in
// account), e.g. to stand for credentials of another partition, which the
// emulator does not know.
func CallerIdentity(arn, account string) Fault {
	return Fault{Op: "GetCallerIdentity", Answer: func(Request) (int, string, bool) {
		return http.StatusOK, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
			`<Arn>` + arn + `</Arn><UserId>AIDAEXAMPLE</UserId><Account>` + account + `</Account>` +
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, true
	}}
}

// Proxy is a running fault proxy.
type Proxy struct {
	URL string // http://127.0.0.1:PORT

	srv  *httptest.Server
	fwd  *httputil.ReverseProxy
	done chan struct{}

	mu      sync.Mutex
	faults  []*rule
	reqs    []Request
	observe []func(Request)
}

type rule struct {
	Fault
	used int
}

var scopeRE = regexp.MustCompile(`Credential=[^/]+/[0-9]+/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

// New starts a proxy in front of target (e.g. the emulator's URL); it is
// closed when the test ends.
func New(tb testing.TB, target string) *Proxy {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatalf("faultproxy: target %q: %v", target, err)
	}
	p := &Proxy{fwd: httputil.NewSingleHostReverseProxy(u), done: make(chan struct{})}
	p.fwd.ErrorLog = nil
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	tb.Cleanup(p.Close)
	return p
}

// Close stops the proxy; hanging requests are released and closed unanswered.
func (p *Proxy) Close() {
	p.mu.Lock()
	select {
	case <-p.done:
		p.mu.Unlock()
		return
	default:
		close(p.done)
	}
	p.mu.Unlock()
	p.srv.CloseClientConnections()
	p.srv.Close()
}

// Add adds a fault. Faults are matched in the order added; the first one
// that matches and has uses left applies.
func (p *Proxy) Add(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, &rule{Fault: f})
}

// Clear removes every fault (the record of requests stays).
func (p *Proxy) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = nil
}

// OnRequest calls fn after each request has been answered (or dropped).
func (p *Proxy) OnRequest(fn func(Request)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.observe = append(p.observe, fn)
}

// Requests returns the requests of op ("" for all), in arrival order.
func (p *Proxy) Requests(op string) []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Request
	for _, r := range p.reqs {
		if op == "" || r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// Count counts the requests of op ("" for all).
func (p *Proxy) Count(op string) int { return len(p.Requests(op)) }

// match returns the fault for r, counting its use.
func (p *Proxy) match(r Request) *Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range p.faults {
		if (f.Op != "" && f.Op != r.Op) || (f.Region != "" && f.Region != r.Region) {
			continue
		}
		if f.Times > 0 && f.used >= f.Times {
			continue
		}
		fc := f.Fault
		if f.Answer != nil {
			// A computed answer counts only when it answers.
			st, body, ok := f.Answer(r)
			if !ok {
				continue
			}
			fc.Status, fc.Body, fc.Answer = st, body, nil
		}
		if f.AnswerWithType != nil {
			st, ct, body, ok := f.AnswerWithType(r)
			if !ok {
				continue
			}
			fc.Status, fc.ContentType, fc.Body, fc.AnswerWithType = st, ct, body, nil
		}
		f.used++
		return &fc
	}
	return nil
}

func parse(r *http.Request, raw []byte) Request {
	req := Request{Start: time.Now()}
	if m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.Region, req.Service = m[1], m[2]
	}
	if tgt := r.Header.Get("X-Amz-Target"); tgt != "" {
		req.Op = tgt[strings.LastIndex(tgt, ".")+1:]
		_ = json.Unmarshal(raw, &req.Body)
	} else if req.Service == "scheduler" {
		req.Op = schedulerOp(r.Method, r.URL.Path)
	} else if v, err := url.ParseQuery(string(raw)); err == nil {
		req.Op = v.Get("Action")
	}
	return req
}

// schedulerOp names an EventBridge Scheduler (REST JSON) request by its
// method and path.
func schedulerOp(method, path string) string {
	one := strings.HasPrefix(path, "/schedules/")
	switch {
	case path == "/schedules" && method == http.MethodGet:
		return "ListSchedules"
	case one && method == http.MethodPost:
		return "CreateSchedule"
	case one && method == http.MethodGet:
		return "GetSchedule"
	case one && method == http.MethodPut:
		return "UpdateSchedule"
	case one && method == http.MethodDelete:
		return "DeleteSchedule"
	}
	return method + " " + path
}

// QueryError is an error answer of a query-protocol service (IAM, STS):
// HTTP status with an XML body; use it with ContentType "text/xml".
func QueryError(status int, code, message string) Fault {
	body := "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message +
		"</Message></Error><RequestId>0</RequestId></ErrorResponse>"
	return Fault{Status: status, Body: body, ContentType: "text/xml"}
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	req := parse(r, raw)
	f := p.match(req)
	defer func() {
		req.End = time.Now()
		p.mu.Lock()
		p.reqs = append(p.reqs, req)
		obs := append([]func(Request){}, p.observe...)
		p.mu.Unlock()
		for _, fn := range obs {
			fn(req)
		}
	}()
	if f == nil {
		rec := &statusRecorder{ResponseWriter: w}
		p.fwd.ServeHTTP(rec, r)
		req.Status = rec.status()
		return
	}
	if f.Delay > 0 {
		req.Fault = "delay"
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		case <-p.done:
			return
		}
	}
	switch {
	case f.Hang:
		req.Fault = "hang"
		select {
		case <-r.Context().Done():
		case <-p.done:
		}
		return
	case f.Rewrite != nil:
		req.Fault = "rewrite"
		rec := httptest.NewRecorder()
		p.fwd.ServeHTTP(rec, r)
		body := f.Rewrite(req, rec.Body.Bytes())
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
		req.Status = rec.Code
		return
	case f.DropAfterForward:
		req.Fault = "drop"
		rec := httptest.NewRecorder()
		p.fwd.ServeHTTP(rec, r) // the emulator does the work...
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close() // ...and the answer is lost.
		}
		return
	}
	if f.Status == 0 {
		rec := &statusRecorder{ResponseWriter: w}
		p.fwd.ServeHTTP(rec, r)
		req.Status = rec.status()
		return
	}
	req.Fault, req.Status = "canned", f.Status
	ct := f.ContentType
	if ct == "" {
		ct = ContentType
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(f.Status)
	io.WriteString(w, f.Body)
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}
