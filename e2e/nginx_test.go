//go:build integration

package e2e

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startNginx runs nginx with one copy of the shipped server block
// (deploy/nginx/crudsvc.conf) per backend, only the addresses and file
// paths changed, and returns the HTTPS address in front of each backend.
func startNginx(t *testing.T, p *pki, backends []*service) map[string]string {
	t.Helper()
	dir := t.TempDir()
	shipped, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "nginx", "crudsvc.conf"))
	if err != nil {
		t.Fatal(err)
	}

	fronts := map[string]string{}
	var includes []string
	for _, b := range backends {
		front := freeAddr(t)
		conf := render(t, string(shipped), []string{
			"server 127.0.0.1:8000;", "server " + b.addr + ";",
			"crudsvc_backend", "crudsvc_backend_" + strings.ReplaceAll(b.name, "-", "_"),
			"listen 443 ssl http2;", "listen " + front + " ssl http2;",
			"/etc/nginx/crudsvc/server.crt", p.serverCert,
			"/etc/nginx/crudsvc/server.key", p.serverKey,
			"/etc/nginx/crudsvc/ca.crt", p.caCert,
		})
		file := filepath.Join(dir, "crudsvc-"+b.name+".conf")
		if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		includes = append(includes, "    include "+file+";")
		fronts[b.name] = front
	}

	main := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(main, []byte(mainConf(dir, includes)), 0o644); err != nil {
		t.Fatal(err)
	}
	errorLog := filepath.Join(dir, "error.log")
	cmd := exec.Command("nginx", "-p", dir, "-c", main, "-e", errorLog)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	for _, front := range fronts {
		waitTLS(t, front, exited, errorLog)
	}
	return fronts
}

// render applies old/new pairs to the shipped file, failing when one is
// not found, so a change to the shipped block cannot go untested.
func render(t *testing.T, text string, pairs []string) string {
	t.Helper()
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(text, pairs[i]) {
			t.Fatalf("deploy/nginx/crudsvc.conf no longer contains %q", pairs[i])
		}
		text = strings.ReplaceAll(text, pairs[i], pairs[i+1])
	}
	return text
}

// mainConf is an unprivileged nginx.conf with every path in dir.
func mainConf(dir string, includes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "daemon off;\nworker_processes 1;\npid %s/nginx.pid;\n", dir)
	fmt.Fprintf(&b, "error_log %s/error.log info;\nevents { worker_connections 64; }\n", dir)
	b.WriteString("http {\n")
	fmt.Fprintf(&b, "    access_log %s/access.log;\n", dir)
	for _, tmp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&b, "    %s_temp_path %s/%s_temp;\n", tmp, dir, tmp)
	}
	b.WriteString(strings.Join(includes, "\n"))
	b.WriteString("\n}\n")
	return b.String()
}

func waitTLS(t *testing.T, addr string, exited <-chan error, errorLog string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("nginx exited: %v\n%s", err, readFile(errorLog))
		default:
		}
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr,
			&tls.Config{InsecureSkipVerify: true}) // readiness probe only
		if err == nil {
			conn.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx not listening on %s\n%s", addr, readFile(errorLog))
}
