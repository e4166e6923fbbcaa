package clientcert_test

import (
	"crypto/elliptic"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"slices"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// twin re-encodes an ECDSA-signed certificate with the signature (r, n-s):
// the same certificate to every verifier, with another DER and thumbprint.
func twin(t *testing.T, der []byte) []byte {
	t.Helper()
	var cert struct {
		TBS  asn1.RawValue
		Algo asn1.RawValue
		Sig  asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		t.Fatal(err)
	}
	var sig struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(cert.Sig.Bytes, &sig); err != nil {
		t.Fatal(err)
	}
	sig.S.Sub(elliptic.P256().Params().N, sig.S)
	b, err := asn1.Marshal(sig)
	if err != nil {
		t.Fatal(err)
	}
	cert.Sig = asn1.BitString{Bytes: b, BitLength: 8 * len(b)}
	out, err := asn1.Marshal(cert)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSignatureVariants(t *testing.T) {
	ca := testpki.NewCA(t)
	_, _, orig := ca.Issue(t, testpki.Options{Emails: []string{"mallory@example.com"}})
	twinDER := twin(t, orig.Raw)
	twinCert := parseDER(t, twinDER)
	if err := twinCert.CheckSignatureFrom(ca.Cert); err != nil {
		t.Fatalf("twin does not verify: %v", err)
	}

	a, b := clientcert.New(orig, nil), clientcert.New(twinCert, nil)
	if a.Thumbprint == b.Thumbprint {
		t.Fatal("twin has the same thumbprint; the test proves nothing")
	}
	if !slices.Contains(a.SignatureVariants(), b.Thumbprint) {
		t.Error("fail/variant: the twin's thumbprint is not among the original's variants")
	}
	if !slices.Contains(b.SignatureVariants(), a.Thumbprint) {
		t.Error("fail/variant: the original's thumbprint is not among the twin's variants")
	}
}

// FuzzSignatureVariants: arbitrary bytes posing as an ECDSA-signed
// certificate never panic the re-encoder.
func FuzzSignatureVariants(f *testing.F) {
	ca := testpki.NewCA(f)
	_, _, cert := ca.Issue(f, testpki.Options{})
	f.Add(cert.Raw)
	f.Add([]byte{0x30, 0x03, 0x30, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, der []byte) {
		c := clientcert.New(&x509.Certificate{Raw: der, SignatureAlgorithm: x509.ECDSAWithSHA256}, nil)
		_ = c.SignatureVariants()
	})
}
