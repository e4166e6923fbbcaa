// Command loadtest measures crudsvc behind a real nginx mTLS edge on
// loopback: it builds the service, creates throwaway development keys,
// starts crudsvc and an unprivileged nginx that verifies client
// certificates and forwards them, then drives both with vegeta presenting
// client one's certificate.
//
// Each concurrency level measures two routes back to back: GET /health
// (no authentication) and POST /execute (bearer token bound to the client
// certificate, proof-of-possession enforced). It prints a markdown table
// of throughput and latency, the protected/open throughput ratio, and the
// service's RSS and goroutine counts; -soak adds a long run at the highest
// concurrency and reports whether memory or goroutines grew.
//
//	go run ./scripts/loadtest                  # 10 s per point
//	go run ./scripts/loadtest -soak 5m -out docs/load.md
//
// Everything listens on 127.0.0.1 only and stops by itself; Ctrl-C stops
// nginx and crudsvc too. It needs nginx (installed with apt-get when
// missing, so root on Debian) and installs vegeta with go install.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command-line flags.
type options struct {
	duration    time.Duration
	soak        time.Duration
	concurrency []int
	logLevel    string
	auditFile   bool
	out         string
	keep        bool
	// nginxWorkers is nginx's worker_processes: a number or auto.
	nginxWorkers string
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		stop()
		os.Exit(1)
	}
}

// parseFlags reads the flags and checks their bounds.
func parseFlags(args []string) (options, error) {
	var o options
	var levels string
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load point")
	fs.DurationVar(&o.soak, "soak", 0, "also run the protected route at the highest "+
		"concurrency for this long, sampling RSS and goroutines every 10s (0: no soak)")
	fs.StringVar(&levels, "concurrency", "1,16,64", "comma-separated worker counts; "+
		"empty skips the points (soak only)")
	fs.StringVar(&o.logLevel, "log-level", "warn", "crudsvc LOG_LEVEL: warn keeps request "+
		"logs out of the measurement, info measures their cost")
	fs.BoolVar(&o.auditFile, "audit-file", true, "write crudsvc's audit JSON lines "+
		"(its stdout) to a file in the temp dir; false sends them to /dev/null")
	fs.StringVar(&o.out, "out", "", "also write the markdown report to this file")
	fs.StringVar(&o.nginxWorkers, "nginx-workers", "1", "nginx worker_processes (a number or auto)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temp dir (logs, configs) for inspection")
	if err := fs.Parse(args); err != nil {
		return o, err
	}

	if o.duration < time.Second || o.duration > 10*time.Minute {
		return o, fmt.Errorf("-duration %s: want 1s..10m", o.duration)
	}
	if o.soak < 0 || o.soak > 2*time.Hour {
		return o, fmt.Errorf("-soak %s: want 0..2h", o.soak)
	}
	if o.nginxWorkers != "auto" {
		if n, err := strconv.Atoi(o.nginxWorkers); err != nil || n < 1 || n > 64 {
			return o, fmt.Errorf("-nginx-workers %q: want 1..64 or auto", o.nginxWorkers)
		}
	}
	var err error
	if o.concurrency, err = parseLevels(levels); err != nil {
		return o, err
	}
	if len(o.concurrency) == 0 && o.soak == 0 {
		return o, fmt.Errorf("nothing to run: no -concurrency and no -soak")
	}
	return o, nil
}

// parseLevels parses "1,16,64" into worker counts.
func parseLevels(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("-concurrency %q: want integers 1..1024", f)
		}
		out = append(out, n)
	}
	return out, nil
}
