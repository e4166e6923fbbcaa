package testpki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"testing"
	"time"
)

// IssueServer mints a TLS server certificate for localhost, 127.0.0.1 and
// ::1 signed by c, valid from an hour ago for a day, and returns it and its
// private key as PEM.
func (c *CA) IssueServer(t testing.TB) (certPEM, keyPEM []byte) {
	t.Helper()
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial(t),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	key := newKey(t)
	_, certPEM = create(t, tmpl, c.Cert, key.Public(), c.Key)
	return certPEM, encodeKey(t, key)
}
