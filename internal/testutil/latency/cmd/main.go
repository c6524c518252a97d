// Command latency runs the loopback latency proxy on its own, for shell
// scripts and manual runs:
//
//	go run ./internal/testutil/latency/cmd -start-moto -delay 50ms
//	go run ./internal/testutil/latency/cmd -upstream http://127.0.0.1:5000 -listen 127.0.0.1:5050
//
// It prints one JSON line on stdout once it is ready,
// {"proxy":"http://127.0.0.1:PORT","upstream":"http://127.0.0.1:PORT"}, then
// serves until interrupted (SIGINT/SIGTERM), stopping the emulator it started.
// Point clients at the proxy (AWS_ENDPOINT_URL=<proxy>); read the record with
// GET <proxy>/_proxy/log, clear it with POST <proxy>/_proxy/reset, change the
// delay with POST <proxy>/_proxy/delay?ms=N. The delay defaults to
// $LATENCY_DELAY (a Go duration such as 50ms), else 0.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zcmk/zcmk-tui/internal/testutil/latency"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

func main() {
	def := time.Duration(0)
	if v := os.Getenv("LATENCY_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "latency: LATENCY_DELAY=%q: %v\n", v, err)
			os.Exit(2)
		}
		def = d
	}
	upstream := flag.String("upstream", "", "emulator URL to forward to, e.g. http://127.0.0.1:5000")
	startMoto := flag.Bool("start-moto", false, "start moto_server on a free loopback port and forward to it")
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0: a free port)")
	delay := flag.Duration("delay", def, "delay added to each forwarded request ($LATENCY_DELAY)")
	flag.Parse()

	if (*upstream == "") == !*startMoto {
		fmt.Fprintln(os.Stderr, "latency: give exactly one of -upstream URL or -start-moto")
		os.Exit(2)
	}
	if host, _, err := net.SplitHostPort(*listen); err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(os.Stderr, "latency: -listen %q: want a loopback address such as 127.0.0.1:0\n", *listen)
		os.Exit(2)
	}

	var emu *moto.Server
	if *startMoto {
		var err error
		if emu, err = moto.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "latency:", err)
			os.Exit(1)
		}
		*upstream = emu.URL
	}
	srv, err := latency.Start(*listen, *upstream, *delay)
	if err != nil {
		emu.Stop()
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"proxy": srv.URL, "upstream": *upstream})

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	<-sig
	_ = srv.Close()
	emu.Stop()
}
