//go:build integration

package e2e

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// pki is a test CA made with the openssl command, a server certificate for
// 127.0.0.1, and client certificates; rogue comes from another CA.
type pki struct {
	dir                   string
	caCert                string
	serverCert, serverKey string
	alice, bob, rogue     client
}

// client is a client certificate, its key and its x5t#S256 thumbprint.
type client struct {
	name, cert, key, thumbprint string
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pki")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &pki{dir: dir}
	p.caCert, _ = p.ca(t, "ca", "/O=E2E/CN=E2E Client CA")
	p.serverCert, p.serverKey = p.issue(t, "ca", "server", "/CN=localhost",
		"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
	p.alice = p.client(t, "ca", "alice", "alice@example.com")
	p.bob = p.client(t, "ca", "bob", "bob@example.com")
	p.ca(t, "rogue-ca", "/O=Elsewhere/CN=Rogue CA")
	p.rogue = p.client(t, "rogue-ca", "rogue", "alice@example.com")
	return p
}

func (p *pki) path(name string) string { return filepath.Join(p.dir, name) }

// ca makes a self-signed EC P-256 CA.
func (p *pki) ca(t *testing.T, name, subject string) (string, string) {
	t.Helper()
	crt, key := p.path(name+".crt"), p.path(name+".key")
	openssl(t, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", key, "-out", crt, "-days", "2", "-subj", subject,
		"-addext", "basicConstraints=critical,CA:true",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign")
	return crt, key
}

// issue signs a new EC key's certificate with the CA named ca.
func (p *pki) issue(t *testing.T, ca, name, subject, extensions string) (string, string) {
	t.Helper()
	crt, key, csr, ext := p.path(name+".crt"), p.path(name+".key"), p.path(name+".csr"), p.path(name+".ext")
	if err := os.WriteFile(ext, []byte(extensions), 0o644); err != nil {
		t.Fatal(err)
	}
	openssl(t, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", key, "-out", csr, "-subj", subject)
	openssl(t, "x509", "-req", "-in", csr, "-CA", p.path(ca+".crt"), "-CAkey", p.path(ca+".key"),
		"-CAcreateserial", "-out", crt, "-days", "2", "-extfile", ext)
	return crt, key
}

func (p *pki) client(t *testing.T, ca, name, email string) client {
	t.Helper()
	crt, key := p.issue(t, ca, name, "/O=E2E/CN="+name,
		"subjectAltName=email:"+email+"\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n")
	return client{name: name, cert: crt, key: key, thumbprint: opensslThumbprint(t, crt)}
}

// opensslThumbprint is x5t#S256 computed by openssl, independently of the
// service: SHA-256 over the DER, base64url without padding.
func opensslThumbprint(t *testing.T, crt string) string {
	t.Helper()
	der := openssl(t, "x509", "-in", crt, "-outform", "DER")
	cmd := exec.Command("openssl", "dgst", "-sha256", "-binary")
	cmd.Stdin = bytes.NewReader(der)
	sum, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl dgst: %v", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

func openssl(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, stderr.String())
	}
	return out
}
