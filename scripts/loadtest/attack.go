package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// target is one measured route: a name for the table and a vegeta targets
// file (HTTP format) holding its single request.
type target struct {
	route     string
	file      string
	protected bool
}

// writeTargets writes the open and the protected route's targets files.
// The token is only ever written to this temp dir, never printed.
func writeTargets(tmp string, edge int, token string) (open, protected target, err error) {
	base := fmt.Sprintf("https://localhost:%d", edge)
	body := filepath.Join(tmp, "execute.json")
	if err = os.WriteFile(body, []byte(executeBody), 0o600); err != nil {
		return open, protected, err
	}
	open = target{route: "GET /health", file: filepath.Join(tmp, "health.targets")}
	protected = target{route: "POST /execute", file: filepath.Join(tmp, "execute.targets"),
		protected: true}
	healthSpec := "GET " + base + "/health\n"
	executeSpec := "POST " + base + "/execute\n" +
		"Authorization: Bearer " + token + "\n" +
		"Content-Type: application/json\n" +
		"@" + body + "\n"
	if err = os.WriteFile(open.file, []byte(healthSpec), 0o600); err != nil {
		return open, protected, err
	}
	err = os.WriteFile(protected.file, []byte(executeSpec), 0o600)
	return open, protected, err
}

// metrics is the part of `vegeta report -type=json` the run uses;
// latencies are in nanoseconds.
type metrics struct {
	Latencies struct {
		P50  time.Duration `json:"50th"`
		P99  time.Duration `json:"99th"`
		Mean time.Duration `json:"mean"`
		Max  time.Duration `json:"max"`
	} `json:"latencies"`
	Requests    int            `json:"requests"`
	Throughput  float64        `json:"throughput"`
	Success     float64        `json:"success"`
	StatusCodes map[string]int `json:"status_codes"`
	Errors      []string       `json:"errors"`
}

// attacker runs vegeta closed-loop against the nginx edge with client
// one's certificate.
type attacker struct {
	vegeta string
	tmp    string
	dev    devenv.Layout
}

// attack runs workers concurrent clients, each sending its next request as
// soon as the previous answer arrives (-rate=0), over kept-alive HTTP/1.1
// connections, for d; then it summarises the results.
func (a attacker) attack(ctx context.Context, t target, workers int, d time.Duration) (metrics, error) {
	out := filepath.Join(a.tmp, fmt.Sprintf("results-%d-%d.bin", workers, time.Now().UnixNano()))
	w := strconv.Itoa(workers)
	args := []string{"attack", "-rate=0", "-max-workers=" + w, "-workers=" + w,
		"-duration=" + d.String(), "-timeout=30s",
		"-cert", a.dev.Path(devenv.Client1CertFile), "-key", a.dev.Path(devenv.Client1KeyFile),
		"-root-certs", a.dev.Path(devenv.CACertFile),
		"-keepalive=true", "-http2=false", "-targets", t.file, "-output", out}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, a.vegeta, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return metrics{}, fmt.Errorf("vegeta attack %s: %w: %s", t.route, err, stderr.Bytes())
	}
	defer os.Remove(out)
	return a.report(ctx, out)
}

// report reads a results file with `vegeta report -type=json`.
func (a attacker) report(ctx context.Context, results string) (metrics, error) {
	data, err := exec.CommandContext(ctx, a.vegeta, "report", "-type=json", results).Output()
	if err != nil {
		return metrics{}, fmt.Errorf("vegeta report: %w", err)
	}
	var m metrics
	if err := json.Unmarshal(data, &m); err != nil {
		return metrics{}, fmt.Errorf("decoding vegeta report: %w", err)
	}
	return m, nil
}

// checkAllOK fails unless every response was a 200: a protected run that
// measured refusals would be meaningless.
func checkAllOK(t target, workers int, m metrics) error {
	if m.Requests > 0 && m.Success == 1 && m.StatusCodes["200"] == m.Requests {
		return nil
	}
	return fmt.Errorf("%s at %d workers: success ratio %.4f over %d requests, "+
		"status codes %v, errors %q", t.route, workers, m.Success, m.Requests,
		m.StatusCodes, m.Errors)
}
