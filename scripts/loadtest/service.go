package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// tokenTTL outlives any run the flags allow (points plus a 2 h soak).
const tokenTTL = 12 * time.Hour

// material is the development PKI and a token bound to client one.
type material struct {
	dev   devenv.Layout
	token string
}

// buildService compiles crudsvc from the repository into dir.
func buildService(ctx context.Context, repo, dir string) (string, error) {
	bin := filepath.Join(dir, "crudsvc")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/crudsvc")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building crudsvc: %w\n%s", err, out)
	}
	return bin, nil
}

// makeMaterial creates the dev CA, certificates and signing key in dir and
// mints a long-lived token bound to client one (RFC 8705 cnf x5t#S256).
func makeMaterial(dir string) (material, error) {
	now := time.Now()
	env, err := devenv.Ensure(dir, true, now)
	if err != nil {
		return material{}, err
	}
	key, err := devenv.LoadSigningKey(env.Path(devenv.SigningKeyFile))
	if err != nil {
		return material{}, err
	}
	tp, err := devenv.BoundTo(env.Path(devenv.Client1CertFile))
	if err != nil {
		return material{}, err
	}
	token, err := key.Mint(devenv.TokenRequest{
		Subject: devenv.Subject, Issuer: devenv.Issuer, Audience: devenv.Audience,
		Thumbprint: tp, TTL: tokenTTL, Now: now,
	})
	if err != nil {
		return material{}, err
	}
	return material{dev: env.Layout, token: token}, nil
}

// serviceEnv is crudsvc's whole environment: nothing is inherited, so a
// KAFKA_BROKERS or LOG_LEVEL in the caller's shell cannot change the run.
// Without KAFKA_BROKERS the audit stream is JSON lines on stdout.
func serviceEnv(repo, tmp string, port int, m material, logLevel string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + tmp,
		"LISTEN_ADDR=" + loopback(port),
		"INBOUND_AUTH_MODE=bearer_plus_mtls_optional",
		"BINDING_REQUIRED_PATHS=/execute",
		"TRUSTED_PROXY_CIDRS=127.0.0.1/32",
		"FORWARDED_CLIENT_CERT_HEADER=ssl-client-cert",
		"JWT_ISSUER=" + devenv.Issuer,
		"JWT_AUDIENCE=" + devenv.Audience,
		"JWKS_FILE=" + m.dev.Path(devenv.JWKSFile),
		"STATE_DATABASE_URL=sqlite:" + filepath.Join(tmp, "state.db"),
		devenv.DemoDBEnv + "=" + filepath.Join(tmp, "demo.db"),
		"SERVICE_CONFIG_DIR=" + filepath.Join(repo, "config"),
		"LOG_LEVEL=" + logLevel,
	}
}

// startService runs `crudsvc serve` from tmp, its stdout (audit lines) to
// audit.jsonl or /dev/null and its stderr (logs) to crudsvc.log, and waits
// until /health answers.
func startService(bin, tmp string, env []string, port int, auditFile bool) (*process, error) {
	stdoutPath := os.DevNull
	if auditFile {
		stdoutPath = filepath.Join(tmp, "audit.jsonl")
	}
	stdout, err := os.Create(stdoutPath)
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(tmp, "crudsvc.log"))
	if err != nil {
		return nil, err
	}
	defer stderr.Close()

	cmd := exec.Command(bin, "serve")
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = tmp, env, stdout, stderr
	p, err := startProcess("crudsvc", cmd)
	if err != nil {
		return nil, err
	}
	url := "http://" + loopback(port) + "/health"
	if err := waitFor(p, 60*time.Second, func() error { return expectStatus(url, 200) }); err != nil {
		p.stop()
		return nil, fmt.Errorf("%w\n%s", err, tail(filepath.Join(tmp, "crudsvc.log")))
	}
	return p, nil
}

// expectStatus GETs url with a plain client and checks the status.
func expectStatus(url string, want int) error {
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(url)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("GET %s: status %d, want %d", url, resp.StatusCode, want)
	}
	return nil
}

// tail returns the last lines of a log file, for error messages.
func tail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return path + ":\n" + strings.Join(lines, "\n")
}
