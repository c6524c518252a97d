// Package practice is the practice AWS: a small HTTP server on a loopback
// port that speaks the wire protocols of the calls zcmk-tui makes (KMS JSON
// 1.1, STS query, the Resource Groups Tagging API and CloudTrail JSON 1.1)
// and behaves like real KMS where real KMS and other emulators differ:
// aliases, policies, tags and descriptions are per Region and never copied
// into a replica, ReplicateKey takes its own policy, tags and description,
// multi-Region key IDs start with mrk-, a policy that would lock the caller
// out is refused, a disabled key refuses use, and errors carry KMS's own
// error codes. The differences from moto that are on purpose are listed in
// differences.go.
//
// It knows nothing of the engine or the wizard: the command line starts it
// and points the real SDK code path at it with an endpoint override, so a
// practice run does exactly what a real run would do, against an account
// that does not exist (111122223333, the example account the AWS
// documentation uses).
package practice

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Account is the practice account: the example account ID the AWS
// documentation uses, so that a practice ARN cannot be a real one.
const Account = "111122223333"

// CallerName is the practice identity's user name.
const CallerName = "practice-admin"

// Options configure a practice AWS.
type Options struct {
	// StatePath is the file the practice account is kept in between runs
	// ("" keeps it in memory only). It is read at Start and written after
	// every request that changes something.
	StatePath string
	// Faults make the practice AWS misbehave (see ParseFault).
	Faults []Fault
	// Now is the clock (nil = time.Now).
	Now func() time.Time
}

// Call is one request the practice AWS answered.
type Call struct {
	Service, Op, Region string
	Status              int // HTTP status, 0 when the connection was dropped
}

// Server is a running practice AWS.
type Server struct {
	URL string // http://127.0.0.1:PORT

	opts Options
	ln   net.Listener
	srv  *http.Server

	seen      stateStamp // the state file as last read or written
	closing   chan struct{}
	closeOnce sync.Once

	mu     sync.Mutex
	st     *State
	calls  []Call
	faults *faultState
}

// Start loads the practice state (if any) and starts the server on a free
// loopback port. It never listens on another address.
func Start(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	st, err := loadState(opts.StatePath)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("practice AWS: listen on loopback: %w", err)
	}
	s := &Server{opts: opts, ln: ln, st: st, faults: newFaultState(opts.Faults), closing: make(chan struct{})}
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server. The state was saved after every change.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// Calls lists the requests answered so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// request is one parsed request.
type request struct {
	service, op, region string
	body                []byte
	form                map[string]string // query protocols
	r                   *http.Request
}

// ServeHTTP routes a request by its protocol: JSON 1.1 (X-Amz-Target), the
// query protocol (Action in a form body), or a REST path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	req := &request{body: body, r: r}
	req.service, req.region = scope(r.Header.Get("Authorization"))
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		if i := strings.LastIndex(t, "."); i >= 0 {
			req.op = t[i+1:]
		}
	} else if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		req.form = parseForm(body)
		req.op = req.form["Action"]
	}
	if req.region == "" {
		req.region = "us-east-1"
	}
	if req.op == "" && req.service == "scheduler" {
		req.op = schedulerOp(r)
	}

	s.mu.Lock()
	var resp response
	if release, err := s.lockState(); err != nil {
		resp = jsonError(500, "InternalFailure", "the practice AWS could not read its state: "+err.Error())
	} else {
		resp = s.dispatch(req)
		release()
	}
	s.calls = append(s.calls, Call{Service: req.service, Op: req.op, Region: req.region, Status: resp.status})
	s.mu.Unlock()
	if resp.hang {
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}
	if resp.drop {
		dropConnection(w)
		return
	}
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("x-amzn-RequestId", newRequestID())
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// response is what a handler answers; drop closes the connection instead.
type response struct {
	status int
	header map[string]string
	body   []byte
	drop   bool
	hang   bool // never answer: wait until the client gives up
}

func (s *Server) dispatch(req *request) response {
	if f := s.faults.before(req); f != nil {
		return *f
	}
	s.runDue() // what Scheduler would have done meanwhile
	var resp response
	switch req.service {
	case "kms":
		resp = s.kms(req)
	case "sts":
		resp = s.sts(req)
	case "tagging":
		resp = s.tagging(req)
	case "cloudtrail":
		resp = s.cloudtrail(req)
	case "events":
		resp = s.events(req)
	case "sns":
		resp = s.sns(req)
	case "scheduler":
		resp = s.scheduler(req)
	case "iam":
		resp = s.iam(req)
	default:
		resp = unsupported(req)
	}
	if resp.status < 300 && s.st.dirty {
		if err := s.st.save(s.opts.StatePath); err != nil {
			return jsonError(500, "InternalFailure", "practice AWS could not save its state: "+err.Error())
		}
	}
	if f := s.faults.after(req, resp); f != nil {
		return *f
	}
	return resp
}

// unsupported answers like AWS does for an operation it does not know.
func unsupported(req *request) response {
	msg := fmt.Sprintf("the practice AWS does not have %s %s", req.service, req.op)
	if req.form != nil {
		return queryError(400, "InvalidAction", msg)
	}
	return jsonError(400, "UnknownOperationException", msg)
}

// scope reads the service and Region from a SigV4 Authorization header:
// "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, ...".
func scope(auth string) (service, region string) {
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return "", ""
	}
	cred := auth[i+len("Credential="):]
	if j := strings.IndexAny(cred, ", "); j >= 0 {
		cred = cred[:j]
	}
	parts := strings.Split(cred, "/")
	if len(parts) < 5 {
		return "", ""
	}
	return parts[3], parts[2]
}

// dropConnection closes the client's connection without an answer: the
// request was carried out, its response is lost.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Partition is the partition of a Region: aws-us-gov, aws-cn or aws.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	}
	return "aws"
}

// stateStamp tells whether the state file changed since it was read.
type stateStamp struct {
	size int64
	mod  time.Time
}

// lockState serialises the practice runs that share the state file (the
// wizard in one terminal and verify in another, say): it takes the file's
// lock, reads the state again when another run changed it, and returns what
// releases the lock after the request (and its save). Without a state file
// it does nothing.
func (s *Server) lockState() (release func(), err error) {
	path := s.opts.StatePath
	if path == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	done := func() {
		if fi, err := os.Stat(path); err == nil {
			s.seen = stateStamp{fi.Size(), fi.ModTime()}
		}
		unlockFile(f)
		f.Close()
	}
	if fi, err := os.Stat(path); err == nil && (stateStamp{fi.Size(), fi.ModTime()}) != s.seen {
		st, err := loadState(path)
		if err != nil {
			done()
			return nil, err
		}
		s.st = st
	}
	return done, nil
}
