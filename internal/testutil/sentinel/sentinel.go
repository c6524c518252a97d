// Package sentinel is a listener that must receive nothing: tests point an
// endpoint or a proxy setting at it and check afterwards that no connection
// came. It listens on an address of this machine that is not loopback (so
// that the product's "only this machine" rule treats it as another host),
// yet traffic to it never leaves the machine: the kernel delivers packets
// for its own addresses locally.
package sentinel

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// Listener counts the connections and requests it gets. It answers every
// request with HTTP 403 and a short body.
type Listener struct {
	URL  string // http://HOST:PORT
	Host string // HOST (an IP address)
	srv  *http.Server
	mu   sync.Mutex
	conn int
	reqs []string // "METHOD PATH", in order
}

// Hint says what to do on a machine with no address but loopback.
const Hint = "this machine has no network address besides loopback; the test needs one that is not loopback (traffic to it stays on the machine). As root, add one: ip addr add 192.0.2.2/32 dev lo"

// LocalAddr is a unicast address of this machine that is not loopback
// (IPv4 preferred), or an error saying what to do.
func LocalAddr() (net.IP, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var v6 net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || !n.IP.IsGlobalUnicast() {
			continue
		}
		if n.IP.To4() != nil {
			return n.IP, nil
		}
		if v6 == nil {
			v6 = n.IP
		}
	}
	if v6 != nil {
		return v6, nil
	}
	return nil, fmt.Errorf("%s", Hint)
}

// StartT starts a sentinel for a test (failing the test when it cannot) and
// stops it at the end.
func StartT(tb testing.TB) *Listener {
	tb.Helper()
	ip, err := LocalAddr()
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		tb.Fatalf("sentinel: %v", err)
	}
	l := &Listener{Host: ip.String()}
	l.URL = "http://" + ln.Addr().String()
	l.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			l.mu.Lock()
			l.reqs = append(l.reqs, r.Method+" "+r.URL.String())
			l.mu.Unlock()
			http.Error(w, "sentinel: this listener must receive nothing", http.StatusForbidden)
		}),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				l.mu.Lock()
				l.conn++
				l.mu.Unlock()
			}
		},
	}
	go func() { _ = l.srv.Serve(ln) }()
	tb.Cleanup(func() { _ = l.srv.Close() })
	return l
}

// Port is the listener's port.
func (l *Listener) Port() string {
	u, _ := url.Parse(l.URL)
	return u.Port()
}

// Connections is how many connections it accepted so far.
func (l *Listener) Connections() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn
}

// Requests lists the requests it got so far ("METHOD URL").
func (l *Listener) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.reqs...)
}

// AssertNothing fails the test when the listener got a connection.
func (l *Listener) AssertNothing(tb testing.TB, what string) {
	tb.Helper()
	if n := l.Connections(); n != 0 {
		tb.Errorf("%s: %s got %d connection(s), want none; requests: %q", what, l.URL, n, l.Requests())
	}
}
