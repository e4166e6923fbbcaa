package devenv_test

import (
	"bytes"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func TestEnsureCreatesMaterial(t *testing.T) {
	env, err := devenv.Ensure(filepath.Join(t.TempDir(), ".dev"), false, now)
	if err != nil {
		t.Fatal(err)
	}
	if !env.Created || !filepath.IsAbs(env.Dir) {
		t.Fatalf("want a created directory with an absolute path, got %+v", env)
	}

	for _, tc := range []struct {
		name string
		mode os.FileMode
	}{
		{devenv.CAKeyFile, 0o600}, {devenv.ServerKeyFile, 0o600}, {devenv.Client1KeyFile, 0o600},
		{devenv.Client2KeyFile, 0o600}, {devenv.SigningKeyFile, 0o600},
		{devenv.CACertFile, 0o644}, {devenv.ServerCertFile, 0o644}, {devenv.JWKSFile, 0o644},
	} {
		t.Run("ok/mode/"+tc.name, func(t *testing.T) {
			st, err := os.Stat(env.Path(tc.name))
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != tc.mode {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), tc.mode)
			}
		})
	}
}

func TestEnsureCertificates(t *testing.T) {
	env, err := devenv.Ensure(t.TempDir(), false, now)
	if err != nil {
		t.Fatal(err)
	}
	ca := readCert(t, env.Path(devenv.CACertFile))
	roots := x509.NewCertPool()
	roots.AddCert(ca)

	server := readCert(t, env.Path(devenv.ServerCertFile))
	if _, err := server.Verify(x509.VerifyOptions{Roots: roots, DNSName: "localhost", CurrentTime: now}); err != nil {
		t.Errorf("server certificate does not verify for localhost: %v", err)
	}
	for _, ip := range []string{"127.0.0.1", "::1"} {
		if !slices.ContainsFunc(server.IPAddresses, func(a net.IP) bool { return a.Equal(net.ParseIP(ip)) }) {
			t.Errorf("server certificate lacks the IP SAN %s", ip)
		}
	}

	for _, tc := range []struct {
		name   string
		file   string
		emails []string
	}{
		{"ok/client-one-has-email", devenv.Client1CertFile, []string{devenv.ClientOneEmail}},
		{"ok/client-two-has-none", devenv.Client2CertFile, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readCert(t, env.Path(tc.file))
			_, err := c.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: now,
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
			if err != nil {
				t.Errorf("client certificate does not verify: %v", err)
			}
			if !slices.Equal(c.EmailAddresses, tc.emails) {
				t.Errorf("email SANs %v, want %v", c.EmailAddresses, tc.emails)
			}
		})
	}
}

func TestEnsureReuseAndReset(t *testing.T) {
	dir := t.TempDir()
	if _, err := devenv.Ensure(dir, false, now); err != nil {
		t.Fatal(err)
	}
	first := read(t, filepath.Join(dir, devenv.CACertFile))
	os.WriteFile(filepath.Join(dir, devenv.AuditLogFile), []byte("{}\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)

	env, err := devenv.Ensure(dir, false, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if env.Created || !bytes.Equal(first, read(t, env.Path(devenv.CACertFile))) {
		t.Fatal("ok/reuse: a second run must keep the existing CA")
	}

	env, err = devenv.Ensure(dir, true, now)
	if err != nil {
		t.Fatal(err)
	}
	if !env.Created || bytes.Equal(first, read(t, env.Path(devenv.CACertFile))) {
		t.Error("ok/reset: --reset must create a new CA")
	}
	if _, err := os.Stat(env.Path(devenv.AuditLogFile)); !os.IsNotExist(err) {
		t.Error("ok/reset: --reset must remove the run-time files")
	}
	if _, err := os.Stat(env.Path("notes.txt")); err != nil {
		t.Error("ok/reset: --reset must leave files it did not create")
	}
}

func TestEnsureRecreatesIncomplete(t *testing.T) {
	dir := t.TempDir()
	if _, err := devenv.Ensure(dir, false, now); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, devenv.SigningKeyFile))
	env, err := devenv.Ensure(dir, false, now)
	if err != nil {
		t.Fatal(err)
	}
	if !env.Created {
		t.Error("a directory with a missing file must be recreated")
	}
}

func TestEnsureRefusesExpiredServerCert(t *testing.T) {
	dir := t.TempDir()
	if _, err := devenv.Ensure(dir, false, now); err != nil {
		t.Fatal(err)
	}
	_, err := devenv.Ensure(dir, false, now.Add(2*365*24*time.Hour))
	if err == nil {
		t.Fatal("want an error naming --reset for an expired server certificate")
	}
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	c, err := devenv.ReadCertificate(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
