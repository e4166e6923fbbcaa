//go:build integration

package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// service is one running crudsvc process.
type service struct {
	name string
	addr string // 127.0.0.1:port
	log  string // its stderr: JSON log lines
}

// policy is the identity mapping file of every instance: email SANs of
// example.com map to email ARNs, the captured client2 by thumbprint.
const policy = `thumbprint_map:
  tN-RrBJGKVBpg4oaNkxYaOzQxDI0S-ntHB7eyMmScM4: auth:account:x509:service:payments-batch
constraints:
  allowed_email_domains: [example.com]
`

// startService runs crudsvc with settings on a free loopback port, in its
// own temporary working directory, and waits until /health answers.
func startService(t *testing.T, name string, settings map[string]string) *service {
	t.Helper()
	dir := t.TempDir()
	mappings := filepath.Join(dir, "cert_identity_mappings.yaml")
	if err := os.WriteFile(mappings, []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &service{name: name, addr: freeAddr(t), log: filepath.Join(dir, "crudsvc.log")}
	env := map[string]string{
		"PATH":                   os.Getenv("PATH"),
		"HOME":                   dir,
		"SERVICE_CONFIG_DIR":     filepath.Join(repoRoot, "config"),
		"STATE_DATABASE_URL":     "sqlite:" + filepath.Join(dir, "state.db"),
		"DEMO_DB_PATH":           filepath.Join(dir, "demo.db"),
		"LISTEN_ADDR":            s.addr,
		"CERT_IDENTITY_MAPPINGS": mappings,
		"LOG_FORMAT":             "json",
	}
	for k, v := range settings {
		env[k] = v
	}

	logFile, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting crudsvc %s: %v", name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logFile.Close() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	waitHealthy(t, s, exited)
	return s
}

func waitHealthy(t *testing.T, s *service, exited <-chan error) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("crudsvc %s exited: %v\n%s", s.name, err, readFile(s.log))
		default:
		}
		resp, err := http.Get("http://" + s.addr + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("crudsvc %s not healthy in time\n%s", s.name, readFile(s.log))
}

// principal finds the principal the request log line with correlation id
// names.
func (s *service) principal(t *testing.T, correlationID string) string {
	t.Helper()
	f, err := os.Open(s.log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg           string `json:"msg"`
			CorrelationID string `json:"correlation_id"`
			Principal     string `json:"principal"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "request" &&
			line.CorrelationID == correlationID {
			return line.Principal
		}
	}
	return ""
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func readFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}
