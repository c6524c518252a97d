// Package latency is a loopback HTTP proxy for tests and benchmarks. It sits
// between an AWS client and the KMS/STS emulator, adds a fixed delay to every
// request (standing in for a Region's network round trip), and records each
// request's AWS operation, Region and start/end time, so that a run can report
// how many API calls it made and how many of them stood one after another.
//
// # Operations
//
// A request's operation is taken from, in order: the X-Amz-Target header of the
// JSON protocols ("TrentService.CreateKey" gives CreateKey), the path of the
// Smithy RPC v2 CBOR protocol (/service/S/operation/Op), and the Action field
// of a form-encoded (query protocol) body, which is what STS uses
// (Action=GetCallerIdentity). The service and Region come from the SigV4
// credential scope in the Authorization header
// (Credential=AKID/20260101/ap-northeast-1/kms/aws4_request). Requests under
// /moto-api/ (the emulator's own control API) are forwarded without delay and
// are not recorded.
//
// # Critical path
//
// Each recorded call is the interval [Start, End] during which the proxy held
// it: from the moment the proxy had read the request to the moment it had
// written the whole response, delay included. Two calls are sequential when
// one starts at or after the other ended. The critical path is the length of
// the longest chain of calls c1, c2, ..., ck in which each c(i+1) starts at or
// after c(i) ended: the number of round trips that stood one after another.
// Calls that overlap in time (sent concurrently) never share a chain, so N
// concurrent calls count once. Because the delay makes every call last at
// least that long, at a delay D the wall time of a run is at least
// CriticalPath x D.
//
// The chain is computed from what was observed, not from what the client
// meant: two independent calls that happen not to overlap count as two. With a
// delay of tens of milliseconds, calls a client sends together do overlap, so
// the figure is the client's real dependency depth; at 0 ms it can be higher.
package latency

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Call is one request the proxy forwarded.
type Call struct {
	Seq       int       `json:"seq"`       // order of arrival, from 1
	Service   string    `json:"service"`   // SigV4 service: kms, sts, ...
	Operation string    `json:"operation"` // CreateKey, GetCallerIdentity, ...
	Region    string    `json:"region"`    // SigV4 Region of the request
	Start     time.Time `json:"start"`     // request read by the proxy
	End       time.Time `json:"end"`       // response written by the proxy
	Status    int       `json:"status"`    // HTTP status from the upstream (502 if unreachable)
	ErrorCode string    `json:"error_code,omitempty"`
}

// Name is "service:Operation", e.g. "kms:CreateKey".
func (c Call) Name() string {
	if c.Service == "" {
		return c.Operation
	}
	return c.Service + ":" + c.Operation
}

// Summary is what a run looked like from the network's side.
type Summary struct {
	Calls        int            `json:"calls"`         // requests recorded
	Errors       int            `json:"errors"`        // of which answered with HTTP >= 400
	Operations   map[string]int `json:"operations"`    // "kms:CreateKey" -> count
	CriticalPath int            `json:"critical_path"` // longest chain of sequential calls
	Chain        []string       `json:"chain"`         // one such chain, "Region kms:Op" in order
	Span         time.Duration  `json:"span_ns"`       // first start to last end
}

// Proxy forwards requests to Upstream after a delay and records them. Use it
// as an http.Handler, or Start it on a loopback port.
type Proxy struct {
	upstream *url.URL
	client   *http.Client

	mu    sync.Mutex
	delay time.Duration
	calls []Call
	seq   int
}

// New returns a proxy to upstream (e.g. "http://127.0.0.1:5000") that delays
// every recorded request by delay.
func New(upstream string, delay time.Duration) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // never send loopback traffic through an environment proxy
	tr.MaxIdleConnsPerHost = 64
	return &Proxy{upstream: u, client: &http.Client{Transport: tr}, delay: delay}, nil
}

// Delay is the delay currently added to each request.
func (p *Proxy) Delay() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.delay
}

// SetDelay changes the delay for requests that arrive from now on.
func (p *Proxy) SetDelay(d time.Duration) {
	p.mu.Lock()
	p.delay = d
	p.mu.Unlock()
}

// Reset forgets every recorded call.
func (p *Proxy) Reset() {
	p.mu.Lock()
	p.calls, p.seq = nil, 0
	p.mu.Unlock()
}

// Calls returns the recorded calls in order of arrival.
func (p *Proxy) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Call, len(p.calls))
	copy(out, p.calls)
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// Summary summarises the recorded calls.
func (p *Proxy) Summary() Summary { return Summarize(p.Calls()) }

// ServeHTTP handles the control endpoints under /_proxy/ and forwards
// everything else.
//
//	GET  /_proxy/log           {"delay_ms": .., "calls": [...], "summary": {...}}
//	POST /_proxy/reset         forget the recorded calls
//	POST /_proxy/delay?ms=50   change the delay
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_proxy/") {
		p.control(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/moto-api/") {
		p.forward(w, r, nil, nil)
		return
	}
	start := time.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "proxy: read request: "+err.Error(), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.seq++
	c := Call{Seq: p.seq, Start: start}
	delay := p.delay
	p.mu.Unlock()
	c.Service, c.Region = credentialScope(r.Header.Get("Authorization"))
	c.Operation = operation(r, body)
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	c.Status, c.ErrorCode = p.forward(w, r, body, &c)
	c.End = time.Now()
	p.mu.Lock()
	p.calls = append(p.calls, c)
	p.mu.Unlock()
}

// forward sends r (with body, when not nil) to the upstream and copies the
// answer back. It returns the status and, for an error answer, the AWS error
// code when one can be read from the body.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, body []byte, c *Call) (int, string) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme = p.upstream.Scheme
	out.URL.Host = p.upstream.Host
	out.Host = r.Host // SigV4 signs the Host header: keep the client's
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.ContentLength = int64(len(body))
	}
	resp, err := p.client.Do(out)
	if err != nil {
		http.Error(w, "proxy: upstream: "+err.Error(), http.StatusBadGateway)
		return http.StatusBadGateway, ""
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	if resp.StatusCode < 400 || c == nil {
		_, _ = io.Copy(w, resp.Body)
		return resp.StatusCode, ""
	}
	data, _ := io.ReadAll(resp.Body)
	_, _ = w.Write(data)
	return resp.StatusCode, errorCode(data)
}

func (p *Proxy) control(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_proxy/log" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		calls := p.Calls()
		_ = json.NewEncoder(w).Encode(struct {
			DelayMS float64 `json:"delay_ms"`
			Calls   []Call  `json:"calls"`
			Summary Summary `json:"summary"`
		}{float64(p.Delay()) / float64(time.Millisecond), calls, Summarize(calls)})
	case r.URL.Path == "/_proxy/reset" && r.Method == http.MethodPost:
		p.Reset()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_proxy/delay" && r.Method == http.MethodPost:
		ms, err := strconv.ParseFloat(r.URL.Query().Get("ms"), 64)
		if err != nil || ms < 0 {
			http.Error(w, "proxy: want ?ms=N (N >= 0)", http.StatusBadRequest)
			return
		}
		p.SetDelay(time.Duration(ms * float64(time.Millisecond)))
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "proxy: unknown control endpoint (GET /_proxy/log, POST /_proxy/reset, POST /_proxy/delay?ms=N)", http.StatusNotFound)
	}
}

// credentialScope reads service and Region from a SigV4 Authorization header.
func credentialScope(auth string) (service, region string) {
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return "", ""
	}
	cred := auth[i+len("Credential="):]
	if j := strings.IndexAny(cred, ", "); j >= 0 {
		cred = cred[:j]
	}
	// AKID/date/region/service/aws4_request
	parts := strings.Split(cred, "/")
	if len(parts) < 5 {
		return "", ""
	}
	return parts[len(parts)-2], parts[len(parts)-3]
}

// operation names the AWS operation of a request; "?" when it can't be told.
func operation(r *http.Request, body []byte) string {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		if i := strings.LastIndexByte(t, '.'); i >= 0 {
			return t[i+1:]
		}
		return t
	}
	if i := strings.Index(r.URL.Path, "/operation/"); i >= 0 && strings.HasPrefix(r.URL.Path, "/service/") {
		return strings.Trim(r.URL.Path[i+len("/operation/"):], "/")
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") != "" {
			return v.Get("Action")
		}
	}
	return "?"
}

// errorCode reads an AWS error code from a JSON (__type) or XML (<Code>)
// error body.
func errorCode(body []byte) string {
	var j struct {
		Type string `json:"__type"`
	}
	if json.Unmarshal(body, &j) == nil && j.Type != "" {
		t := j.Type
		if i := strings.LastIndexByte(t, '#'); i >= 0 {
			t = t[i+1:]
		}
		return t
	}
	s := string(body)
	if i := strings.Index(s, "<Code>"); i >= 0 {
		s = s[i+len("<Code>"):]
		if j := strings.Index(s, "</Code>"); j >= 0 {
			return s[:j]
		}
	}
	return ""
}

// Summarize counts calls per operation and computes the critical path (see
// the package documentation).
func Summarize(calls []Call) Summary {
	s := Summary{Calls: len(calls), Operations: map[string]int{}}
	if len(calls) == 0 {
		return s
	}
	cs := make([]Call, len(calls))
	copy(cs, calls)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Start.Before(cs[j].Start) })
	first, last := cs[0].Start, cs[0].End
	for _, c := range cs {
		s.Operations[c.Name()]++
		if c.Status >= 400 {
			s.Errors++
		}
		if c.End.After(last) {
			last = c.End
		}
	}
	s.Span = last.Sub(first)
	// Longest chain in the interval order: depth[i] = 1 + max depth[j] over
	// the calls j that ended at or before call i started.
	depth := make([]int, len(cs))
	prev := make([]int, len(cs))
	best := 0
	for i := range cs {
		depth[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if !cs[j].End.After(cs[i].Start) && depth[j]+1 > depth[i] {
				depth[i], prev[i] = depth[j]+1, j
			}
		}
		if depth[i] > depth[best] {
			best = i
		}
	}
	s.CriticalPath = depth[best]
	var chain []string
	for i := best; i >= 0; i = prev[i] {
		chain = append(chain, cs[i].Region+" "+cs[i].Name())
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	s.Chain = chain
	return s
}

// Server is a Proxy listening on a loopback port.
type Server struct {
	*Proxy
	URL string // http://127.0.0.1:PORT
	srv *http.Server
	ln  net.Listener
}

// Start listens on addr (e.g. "127.0.0.1:0" for a free loopback port) and
// serves the proxy until Close.
func Start(addr, upstream string, delay time.Duration) (*Server, error) {
	p, err := New(upstream, delay)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Proxy: p, URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: p}, ln: ln}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }
