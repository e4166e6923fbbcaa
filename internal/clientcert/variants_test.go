package clientcert_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// twin re-encodes a P-256-signed certificate with the signature (r, n-s):
// the same certificate to every verifier, with another DER and thumbprint.
func twin(t *testing.T, der []byte) []byte {
	t.Helper()
	return twinWithOrder(t, der, elliptic.P256().Params().N)
}

// twinWithOrder is twin for a CA whose curve has order n.
func twinWithOrder(t *testing.T, der []byte, n *big.Int) []byte {
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
	sig.S.Sub(n, sig.S)
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

// TestSignatureVariantsOtherCurves: a CA on P-224 (which Go verifies) or a
// Brainpool curve (which OpenSSL edges verify) gives the twin too.
func TestSignatureVariantsOtherCurves(t *testing.T) {
	caKey, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "p224 ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, caKey.Public(), caKey)
	ca := parseDER(t, caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	leafDER, _ := x509.CreateCertificate(rand.Reader, leafTmpl, ca, leafKey.Public(), caKey)
	leaf := parseDER(t, leafDER)

	twinDER := twinWithOrder(t, leafDER, elliptic.P224().Params().N)
	twinCert := parseDER(t, twinDER)
	if err := twinCert.CheckSignatureFrom(ca); err != nil {
		t.Fatalf("P-224 twin does not verify: %v", err)
	}
	if !slices.Contains(clientcert.New(leaf, nil).SignatureVariants(), clientcert.Thumbprint(twinDER)) {
		t.Error("fail/p224: the twin's thumbprint is not among the variants")
	}
}
