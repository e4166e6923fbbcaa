package clientcert_test

import (
	"bytes"
	"encoding/base64"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// opensslThumbprint runs the command SPEC 3.2 names:
//
//	openssl x509 -in FILE -outform DER | openssl dgst -sha256 -binary | basenc --base64url | tr -d '='
//
// encoding in Go when basenc is missing.
func opensslThumbprint(t *testing.T, file string) string {
	t.Helper()
	if _, err := exec.LookPath("basenc"); err == nil {
		cmd := exec.Command("sh", "-c", `openssl x509 -in "$1" -outform DER | `+
			`openssl dgst -sha256 -binary | basenc --base64url | tr -d '='`, "sh", file)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("openssl pipeline: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	der, err := exec.Command("openssl", "x509", "-in", file, "-outform", "DER").Output()
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	dgst := exec.Command("openssl", "dgst", "-sha256", "-binary")
	dgst.Stdin = bytes.NewReader(der)
	sum, err := dgst.Output()
	if err != nil {
		t.Fatalf("openssl dgst: %v", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

// TestThumbprintMatchesOpenSSL ties every thumbprint the other tests
// expect, and one of a freshly minted certificate, to openssl's.
func TestThumbprintMatchesOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	certPEM, _, _ := testpki.NewCA(t).Issue(t, testpki.Options{UPNs: []string{"u@corp.example"}})
	files := []string{testpki.WriteFile(t, dir, "minted.crt", certPEM)}
	for _, name := range []string{"client.crt", "client2.crt", "int.crt", "ca.crt"} {
		files = append(files, filepath.Join(capturedDir, name))
	}
	tps := expectedThumbprints(t)

	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want := opensslThumbprint(t, file)
			_, ders := readPEMFile(t, file)
			if got := clientcert.Thumbprint(ders[0]); got != want {
				t.Errorf("Thumbprint %s, openssl %s", got, want)
			}
			if recorded, ok := tps[filepath.Base(file)]; ok && recorded != want {
				t.Errorf("thumbprints.txt says %s, openssl %s", recorded, want)
			}
		})
	}
}
