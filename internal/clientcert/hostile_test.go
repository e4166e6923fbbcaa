package clientcert_test

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// x509Cert and tbsCert mirror RFC 5280 closely enough to re-encode a
// certificate after editing it. The signature is left stale: parsing
// never checks it.
type x509Cert struct {
	TBS    asn1.RawValue
	SigAlg pkix.AlgorithmIdentifier
	Sig    asn1.BitString
}

type tbsCert struct {
	Raw        asn1.RawContent
	Version    int `asn1:"optional,explicit,default:0,tag:0"`
	Serial     *big.Int
	SigAlg     pkix.AlgorithmIdentifier
	Issuer     asn1.RawValue
	Validity   asn1.RawValue
	Subject    asn1.RawValue
	PublicKey  asn1.RawValue
	Extensions []pkix.Extension `asn1:"optional,explicit,tag:3"`
}

// patchCert returns der with its TBS edited by fn.
func patchCert(t *testing.T, der []byte, fn func(*tbsCert)) []byte {
	t.Helper()
	var c x509Cert
	if _, err := asn1.Unmarshal(der, &c); err != nil {
		t.Fatalf("unmarshal certificate: %v", err)
	}
	var tbs tbsCert
	if _, err := asn1.Unmarshal(c.TBS.FullBytes, &tbs); err != nil {
		t.Fatalf("unmarshal tbs: %v", err)
	}
	tbs.Raw = nil
	fn(&tbs)
	raw, err := asn1.Marshal(tbs)
	if err != nil {
		t.Fatalf("marshal tbs: %v", err)
	}
	c.TBS = asn1.RawValue{FullBytes: raw}
	out, err := asn1.Marshal(c)
	if err != nil {
		t.Fatalf("marshal certificate: %v", err)
	}
	return out
}

var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

func badURISAN(tbs *tbsCert) {
	uri := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte("http://a b/")}
	value, _ := asn1.Marshal([]asn1.RawValue{uri})
	for i, ext := range tbs.Extensions {
		if ext.Id.Equal(oidSAN) {
			tbs.Extensions[i].Value = value
		}
	}
}

// TestHostileCertificates feeds certificates crypto/x509 refuses: each is
// a malformed rejection carrying the parser's reason, never a panic.
func TestHostileCertificates(t *testing.T) {
	ca := testpki.NewCA(t)
	_, _, cert := ca.Issue(t, testpki.Options{DNSNames: []string{"a.example"}})
	good := cert.Raw
	tests := []struct {
		name  string
		patch func(*tbsCert)
		cause string
	}{
		{"fail/negative_serial", func(c *tbsCert) { c.Serial = big.NewInt(-42) }, "negative serial"},
		{"fail/bad_san_uri", badURISAN, "cannot parse URI"},
		{"fail/duplicate_extension", func(c *tbsCert) {
			c.Extensions = append(c.Extensions, c.Extensions[0])
		}, "duplicate extension"},
	}
	for _, tt := range tests {
		der := patchCert(t, good, tt.patch)
		for _, pos := range []string{"leaf", "chain"} {
			t.Run(tt.name+"_"+pos, func(t *testing.T) {
				value := b64(der) + "," + b64(good)
				if pos == "chain" {
					value = b64(good) + "," + b64(der)
				}
				_, err := newExtractor(t, clientcert.Options{}).Extract(
					request(trustedPeer, clientcert.DefaultHeader, value))
				if reason(t, err) != clientcert.ReasonMalformed || !strings.Contains(err.Error(), tt.cause) {
					t.Fatalf("got %v, want malformed with %q", err, tt.cause)
				}
			})
		}
	}
}

// TestPatchKeepsValidCertificates guards the helper itself: an empty edit
// must still parse, so the failures above come from the edits.
func TestPatchKeepsValidCertificates(t *testing.T) {
	_, _, cert := testpki.NewCA(t).Issue(t, testpki.Options{})
	der := patchCert(t, cert.Raw, func(*tbsCert) {})
	if got := parseDER(t, der); got.SerialNumber.Cmp(cert.SerialNumber) != 0 {
		t.Fatal("re-encoded certificate differs")
	}
}
