package identity_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

// Thumbprints used by the tests; any canonical x5t#S256 values do.
const (
	tpPlain  = "tN-RrBJGKVBpg4oaNkxYaOzQxDI0S-ntHB7eyMmScM4"
	tpMapped = "ZsTbs2R-ZUl9AHioBcOC8JNPHb8AjveQFPK0rcHZg4s"
)

var testNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// newCert returns a certificate valid at testNow, changed by mod.
func newCert(mod func(*clientcert.Certificate)) *clientcert.Certificate {
	c := &clientcert.Certificate{
		Thumbprint: tpPlain,
		Subject:    "CN=client",
		Issuer:     "CN=Test Root CA,O=Test Org",
		NotBefore:  testNow.Add(-time.Hour),
		NotAfter:   testNow.Add(time.Hour),
	}
	if mod != nil {
		mod(c)
	}
	return c
}

func mustURIs(t *testing.T, raw ...string) []*url.URL {
	t.Helper()
	out := make([]*url.URL, 0, len(raw))
	for _, r := range raw {
		u, err := url.Parse(r)
		if err != nil {
			t.Fatalf("url.Parse(%q): %v", r, err)
		}
		out = append(out, u)
	}
	return out
}

func mustSnapshot(t testing.TB, policy string) *identity.Snapshot {
	t.Helper()
	p, err := identity.ParsePolicy("test.yaml", []byte(policy))
	if err != nil {
		t.Fatalf("ParsePolicy: %v", err)
	}
	return identity.NewSnapshot(p, nil)
}
