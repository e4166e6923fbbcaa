//go:build integration

package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNginxAcceptsServerBlock runs `nginx -t` on the shipped server block,
// with the certificate paths pointed at files made by openssl, in both
// ssl_verify_client settings docs/edge.md describes.
func TestNginxAcceptsServerBlock(t *testing.T) {
	for _, tool := range []string{"nginx", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install it with `apt-get install -y nginx-light openssl`", tool)
		}
	}
	dir := t.TempDir()
	key, crt := filepath.Join(dir, "server.key"), filepath.Join(dir, "server.crt")
	out, err := exec.Command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
		"ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", crt, "-days", "1",
		"-subj", "/CN=crud.example.com").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	shipped, err := os.ReadFile("nginx/crudsvc.conf")
	if err != nil {
		t.Fatal(err)
	}

	for _, verify := range []string{"optional", "on"} {
		t.Run("ok/ssl_verify_client_"+verify, func(t *testing.T) {
			conf := strings.NewReplacer(
				"/etc/nginx/crudsvc/server.crt", crt,
				"/etc/nginx/crudsvc/server.key", key,
				"/etc/nginx/crudsvc/ca.crt", crt,
				"listen 443 ssl", "listen 127.0.0.1:18443 ssl", // -t binds nothing
				"ssl_verify_client optional;", "ssl_verify_client "+verify+";",
			).Replace(string(shipped))
			if strings.Contains(conf, "/etc/nginx") {
				t.Fatal("a path under /etc/nginx was not templated")
			}
			testNginx(t, conf)
		})
	}
	t.Run("fail/typo", func(t *testing.T) {
		conf := strings.Replace(string(shipped), "proxy_set_header ssl-client-cert",
			"proxy_set_heder ssl-client-cert", 1)
		if err := nginxT(t, conf); err == nil {
			t.Fatal("nginx -t accepted an unknown directive")
		}
	})
}

func testNginx(t *testing.T, server string) {
	t.Helper()
	if err := nginxT(t, server); err != nil {
		t.Fatal(err)
	}
}

// nginxT writes a minimal nginx.conf around server in a temporary prefix
// and runs nginx -t on it.
func nginxT(t *testing.T, server string) error {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "crudsvc.conf"), []byte(server), 0o644); err != nil {
		t.Fatal(err)
	}
	main := "pid " + dir + "/nginx.pid;\nerror_log " + dir + "/error.log;\n" +
		"events {}\nhttp {\n    access_log off;\n    include " + dir + "/crudsvc.conf;\n}\n"
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("nginx", "-t", "-p", dir, "-c", conf, "-e", dir+"/error.log").CombinedOutput()
	if err != nil {
		return &checkError{string(out)}
	}
	t.Logf("nginx -t: %s", strings.TrimSpace(string(out)))
	return nil
}
