package clientcert_test

import (
	"crypto/x509"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

func TestNewCertificateFields(t *testing.T) {
	ca := testpki.NewCA(t)
	nb := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	_, _, leaf := ca.Intermediate(t).Issue(t, testpki.Options{
		CommonName: "alice, \"the\" admin",
		Emails:     []string{"alice@example.com"},
		DNSNames:   []string{"alice.example.com"},
		URIs:       []string{"spiffe://example.org/ns/prod/sa/alice"},
		UPNs:       []string{"alice@corp.example", "alice2@corp.example"},
		NotBefore:  nb,
		NotAfter:   nb.Add(time.Hour),
		PolicyOIDs: []string{"1.3.6.1.4.1.99999.1.2", "2.5.29.32.0"},
	})

	c := clientcert.New(leaf, nil)
	checks := []struct {
		name      string
		got, want any
	}{
		{"subject", c.Subject, `CN=alice\, \"the\" admin`},
		{"issuer", c.Issuer, "CN=Test Intermediate CA,O=Test Org"},
		{"thumbprint", c.Thumbprint, clientcert.Thumbprint(leaf.Raw)},
		{"emails", c.EmailSANs, []string{"alice@example.com"}},
		{"dns", c.DNSSANs, []string{"alice.example.com"}},
		{"upns", c.UPNSANs, []string{"alice@corp.example", "alice2@corp.example"}},
		{"policies", c.PolicyOIDs, []string{"1.3.6.1.4.1.99999.1.2", "2.5.29.32.0"}},
		{"not_before", c.NotBefore, nb},
		{"not_after", c.NotAfter, nb.Add(time.Hour)},
	}
	for _, ch := range checks {
		if !equal(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
	if len(c.URISANs) != 1 || c.URISANs[0].Scheme != "spiffe" || c.URISANs[0].Host != "example.org" {
		t.Errorf("URI SANs = %v", c.URISANs)
	}
	if len(c.Thumbprint) != 43 {
		t.Errorf("thumbprint has %d characters", len(c.Thumbprint))
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		return slices.Equal(a, b.([]string))
	case time.Time:
		return a.Equal(b.(time.Time))
	}
	return a == b
}

// TestSubjectKeepsCertificateOrder pins RFC 4514 order (last RDN first)
// with the certificate's own attribute order, as nginx prints it.
func TestSubjectKeepsCertificateOrder(t *testing.T) {
	_, ders := readPEM(t, "client.crt")
	c := clientcert.New(parseDER(t, ders[0]), nil)
	if want := "CN=svc-client,OU=Payments,O=Acme,C=US"; c.Subject != want {
		t.Errorf("subject %q, want %q", c.Subject, want)
	}
	if want := "CN=Test Intermediate CA,O=Test Org"; c.Issuer != want {
		t.Errorf("issuer %q, want %q", c.Issuer, want)
	}
	if c.UPNSANs != nil || c.PolicyOIDs != nil {
		t.Errorf("absent UPN or policies should be nil: %v %v", c.UPNSANs, c.PolicyOIDs)
	}
}

func TestNewNilLeaf(t *testing.T) {
	if c := clientcert.New(nil, []*x509.Certificate{{}}); c != nil {
		t.Fatal("New(nil) is not nil")
	}
}

func ExampleThumbprint() {
	// The DER bytes would come from a certificate; any bytes hash the same way.
	fmt.Println(clientcert.Thumbprint([]byte("not really a certificate")))
	// Output: 1hgiVeVznVX8l4F1nHqCPU3_PSt9F5SecIXufAzCKs8
}
