package testpki_test

import (
	"crypto/tls"
	"crypto/x509"
	"testing"

	"github.com/crudservice/crudsvc/internal/testpki"
)

func TestIssue(t *testing.T) {
	root := testpki.NewCA(t)
	inter := root.Intermediate(t)
	certPEM, keyPEM, cert := inter.Issue(t, testpki.Options{
		CommonName: "alice",
		Emails:     []string{"alice@example.com"},
		URIs:       []string{"spiffe://example.org/alice"},
		UPNs:       []string{"alice@corp.example"},
		PolicyOIDs: []string{"1.3.6.1.4.1.99999.1"},
	})
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Fatalf("key pair: %v", err)
	}

	roots, inters := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(root.Cert)
	inters.AppendCertsFromPEM(inter.ChainPEM())
	_, err := cert.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inters,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if cert.Subject.CommonName != "alice" || len(cert.EmailAddresses) != 1 || len(cert.URIs) != 1 {
		t.Errorf("SANs not issued: %v %v %v", cert.Subject, cert.EmailAddresses, cert.URIs)
	}
	if len(cert.Policies) != 1 || cert.Policies[0].String() != "1.3.6.1.4.1.99999.1" {
		t.Errorf("policies = %v", cert.Policies)
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := testpki.NewCA(t).WriteFiles(t, dir)
	if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
		t.Fatalf("load: %v", err)
	}
}
