package clientcert

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
)

// slowDN is the reference rendering: decode the whole RDN sequence.
func slowDN(t *testing.T, raw []byte) string {
	t.Helper()
	var seq pkix.RDNSequence
	if _, err := asn1.Unmarshal(raw, &seq); err != nil {
		t.Fatal(err)
	}
	return seq.String()
}

func TestDistinguishedNameMatchesDecoding(t *testing.T) {
	files, _ := filepath.Glob("testdata/captured/*.crt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			names := []struct {
				raw    []byte
				parsed pkix.Name
			}{{c.RawSubject, c.Subject}, {c.RawIssuer, c.Issuer}}
			for _, n := range names {
				if got, want := distinguishedName(n.raw, n.parsed), slowDN(t, n.raw); got != want {
					t.Errorf("%s: %q, want %q", f, got, want)
				}
			}
		}
	}
}

func TestDistinguishedNameMultiValued(t *testing.T) {
	seq := pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Acme, Inc."}},
		{
			{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "alice"},
			{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, Value: "a1"},
		},
	}
	raw, err := asn1.Marshal(seq)
	if err != nil {
		t.Fatal(err)
	}
	var name pkix.Name
	name.FillFromRDNSequence(&seq)
	got := distinguishedName(raw, name)
	if want := slowDN(t, raw); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if singleValuedRDNs(raw) != -1 {
		t.Error("multi-valued RDN not detected")
	}
}
