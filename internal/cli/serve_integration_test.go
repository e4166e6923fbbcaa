//go:build integration

package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/testpki"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildBinary builds crudsvc once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "crudsvc-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "crudsvc")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/crudsvc").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs `crudsvc serve` with env in a temporary working directory
// and waits until it logs that it listens.
func startServe(t *testing.T, bin string, env ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Dir = t.TempDir()
	abs, _ := filepath.Abs("../../config")
	cmd.Env = append(os.Environ(), append([]string{"SERVICE_CONFIG_DIR=" + abs}, env...)...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"listening"`) {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("crudsvc serve did not start")
	}
}

func curl(t *testing.T, args ...string) (code string, err error) {
	t.Helper()
	out, err := exec.Command("curl", append([]string{"-sS", "-o", "/dev/null", "-w", "%{http_code}"}, args...)...).
		CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func TestServeRefusesBadMode(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "INBOUND_AUTH_MODE=bearer_plus_mtls_requried", "JWT_ISSUER=https://i",
		"JWT_AUDIENCE=a", "SERVICE_CONFIG_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "INBOUND_AUTH_MODE") ||
		!strings.Contains(string(out), "bearer_plus_mtls_required") {
		t.Fatalf("want a refusal naming the setting and the choices, got %v:\n%s", err, out)
	}
}

func TestServeHealthAndMetrics(t *testing.T) {
	bin := buildBinary(t)
	addr := freeAddr(t)
	startServe(t, bin, "LISTEN_ADDR="+addr, "JWT_ISSUER=https://issuer.invalid", "JWT_AUDIENCE=crud")
	for _, p := range []string{"/health", "/metrics"} {
		if code, err := curl(t, "http://"+addr+p); err != nil || code != "200" {
			t.Errorf("%s: %s %v", p, code, err)
		}
	}
}

// TestServeDirectMTLS: with TLS_* and a client CA, curl --cert succeeds and
// a client without a certificate fails the handshake.
func TestServeDirectMTLS(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	ca := testpki.NewCA(t)
	caFile := testpki.WriteFile(t, dir, "ca.crt", ca.CertPEM)
	srvCert, srvKey := serverCert(t, ca, dir)
	certPEM, keyPEM, _ := ca.Issue(t, testpki.Options{CommonName: "client"})
	clientCert, clientKey := testpki.WriteCert(t, dir, "client", certPEM, keyPEM)

	addr := freeAddr(t)
	startServe(t, bin, "LISTEN_ADDR="+addr, "JWT_ISSUER=https://issuer.invalid", "JWT_AUDIENCE=crud",
		"TLS_CERT_FILE="+srvCert, "TLS_KEY_FILE="+srvKey, "TLS_CLIENT_CA_FILE="+caFile)
	url := "https://localhost:" + strings.Split(addr, ":")[1] + "/health"
	if code, err := curl(t, "--cacert", caFile, "--cert", clientCert, "--key", clientKey, url); err != nil ||
		code != "200" {
		t.Fatalf("curl --cert: %s %v", code, err)
	}
	if code, err := curl(t, "--cacert", caFile, url); err == nil {
		t.Fatalf("request without a client certificate succeeded: %s", code)
	}
}

// TestThumbprintMatchesOpenSSL on the captured certificates.
func TestThumbprintMatchesOpenSSL(t *testing.T) {
	bin := buildBinary(t)
	files, _ := filepath.Glob("../clientcert/testdata/captured/*.crt")
	if len(files) == 0 {
		t.Fatal("no captured certificates")
	}
	for _, f := range files {
		ours, err := exec.Command(bin, "thumbprint", f).Output()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		script := fmt.Sprintf("openssl x509 -in %q -outform DER | openssl dgst -sha256 -binary | "+
			"basenc --base64url | tr -d '='", f)
		theirs, err := exec.Command("sh", "-c", script).Output()
		if err != nil {
			t.Fatalf("openssl: %v", err)
		}
		if strings.TrimSpace(string(ours)) != strings.TrimSpace(string(theirs)) {
			t.Errorf("%s: crudsvc %s, openssl %s", f, ours, theirs)
		}
	}
}

// serverCert issues a localhost server certificate from ca.
func serverCert(t *testing.T, ca *testpki.CA, dir string) (certFile, keyFile string) {
	t.Helper()
	certPEM, keyPEM := ca.IssueServer(t)
	return testpki.WriteCert(t, dir, "server", certPEM, keyPEM)
}
