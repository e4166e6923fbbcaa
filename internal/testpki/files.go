package testpki

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes data to dir/name and returns the path.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatalf("testpki: writing %s: %v", path, err)
	}
	return path
}

// WriteFiles writes the CA's certificate and key to dir as ca.crt and
// ca.key and returns their paths.
func (c *CA) WriteFiles(t testing.TB, dir string) (certFile, keyFile string) {
	t.Helper()
	return WriteFile(t, dir, "ca.crt", c.CertPEM), WriteFile(t, dir, "ca.key", c.KeyPEM)
}

// WriteCert writes an issued certificate and key to dir as name.crt and
// name.key and returns their paths.
func WriteCert(t testing.TB, dir, name string, certPEM, keyPEM []byte) (certFile, keyFile string) {
	t.Helper()
	return WriteFile(t, dir, name+".crt", certPEM), WriteFile(t, dir, name+".key", keyPEM)
}
