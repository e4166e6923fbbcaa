// Package testpki mints throwaway certificate authorities and client
// certificates for tests. Keys are ECDSA P-256; nothing here is fit for
// production use.
//
//	ca := testpki.NewCA(t)
//	certPEM, keyPEM, cert := ca.Issue(t, testpki.Options{CommonName: "alice"})
package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// CA is a test certificate authority.
type CA struct {
	Cert    *x509.Certificate
	Key     crypto.Signer
	CertPEM []byte
	KeyPEM  []byte
	// Parent is the issuing CA of an intermediate, nil for a root.
	Parent *CA
}

// NewCA returns a self-signed root CA valid from an hour ago for ten years.
func NewCA(t testing.TB) *CA {
	t.Helper()
	return newCA(t, nil, "Test Root CA")
}

// Intermediate returns a CA issued by c.
func (c *CA) Intermediate(t testing.TB) *CA {
	t.Helper()
	return newCA(t, c, "Test Intermediate CA")
}

func newCA(t testing.TB, parent *CA, cn string) *CA {
	t.Helper()
	key := newKey(t)
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{Organization: []string{"Test Org"}, CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	issuer, signer := tmpl, crypto.Signer(key)
	if parent != nil {
		issuer, signer = parent.Cert, parent.Key
	}
	cert, certPEM := create(t, tmpl, issuer, key.Public(), signer)
	return &CA{Cert: cert, Key: key, CertPEM: certPEM, KeyPEM: encodeKey(t, key), Parent: parent}
}

// ChainPEM returns c's certificate followed by its parents', up to but
// excluding the root, as a client would send them after its leaf.
func (c *CA) ChainPEM() []byte {
	var out []byte
	for ca := c; ca != nil && ca.Parent != nil; ca = ca.Parent {
		out = append(out, ca.CertPEM...)
	}
	return out
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testpki: generating key: %v", err)
	}
	return key
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatalf("testpki: serial: %v", err)
	}
	return n.Add(n, big.NewInt(1))
}

func create(t testing.TB, tmpl, issuer *x509.Certificate, pub crypto.PublicKey,
	signer crypto.Signer) (*x509.Certificate, []byte) {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, pub, signer)
	if err != nil {
		t.Fatalf("testpki: creating certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("testpki: parsing certificate: %v", err)
	}
	return cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func encodeKey(t testing.TB, key crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("testpki: marshalling key: %v", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
