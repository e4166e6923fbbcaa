package testpki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"net/url"
	"testing"
	"time"
)

// Options describe a client certificate to issue. Zero fields get
// defaults: CN "test-client", valid from an hour ago for a day.
type Options struct {
	CommonName string
	Emails     []string
	DNSNames   []string
	URIs       []string // parsed with url.Parse
	UPNs       []string // Microsoft UPN otherName SANs
	NotBefore  time.Time
	NotAfter   time.Time
	PolicyOIDs []string // dotted, e.g. "1.3.6.1.4.1.99999.1"
}

// Issue mints a client certificate signed by c and returns it as PEM, its
// private key as PKCS #8 PEM, and parsed.
func (c *CA) Issue(t testing.TB, opts Options) (certPEM, keyPEM []byte, cert *x509.Certificate) {
	t.Helper()
	tmpl := clientTemplate(t, opts)
	key := newKey(t)
	cert, certPEM = create(t, tmpl, c.Cert, key.Public(), c.Key)
	return certPEM, encodeKey(t, key), cert
}

func clientTemplate(t testing.TB, o Options) *x509.Certificate {
	t.Helper()
	if o.CommonName == "" {
		o.CommonName = "test-client"
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.Add(25 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(t),
		Subject:      pkix.Name{CommonName: o.CommonName},
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		Policies:     parseOIDs(t, o.PolicyOIDs),
	}
	if len(o.UPNs) > 0 {
		// crypto/x509 cannot write otherNames: build the whole extension.
		tmpl.ExtraExtensions = []pkix.Extension{sanExtension(t, o)}
		return tmpl
	}
	tmpl.EmailAddresses, tmpl.DNSNames = o.Emails, o.DNSNames
	for _, u := range o.URIs {
		tmpl.URIs = append(tmpl.URIs, parseURL(t, u))
	}
	return tmpl
}

func parseOIDs(t testing.TB, dotted []string) []x509.OID {
	t.Helper()
	var out []x509.OID
	for _, s := range dotted {
		oid, err := x509.ParseOID(s)
		if err != nil {
			t.Fatalf("testpki: policy OID %q: %v", s, err)
		}
		out = append(out, oid)
	}
	return out
}

func parseURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("testpki: URI SAN %q: %v", s, err)
	}
	return u
}

var oidUPN = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 20, 2, 3}

// sanExtension encodes the RFC 5280 GeneralNames of o, UPNs included.
func sanExtension(t testing.TB, o Options) pkix.Extension {
	t.Helper()
	var names []asn1.RawValue
	add := func(tag int, s string) {
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: tag, Bytes: []byte(s)})
	}
	for _, e := range o.Emails {
		add(1, e)
	}
	for _, d := range o.DNSNames {
		add(2, d)
	}
	for _, u := range o.URIs {
		add(6, u)
	}
	for _, upn := range o.UPNs {
		names = append(names, otherName(t, upn))
	}
	der, err := asn1.Marshal(names)
	if err != nil {
		t.Fatalf("testpki: encoding SAN: %v", err)
	}
	return pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: der}
}

func otherName(t testing.TB, upn string) asn1.RawValue {
	t.Helper()
	value, err := asn1.MarshalWithParams(upn, "utf8")
	if err != nil {
		t.Fatalf("testpki: encoding UPN: %v", err)
	}
	// value [0] EXPLICIT: a RawValue marshals as given, so wrap it here.
	explicit := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: value}
	inner, err := asn1.Marshal(struct {
		TypeID asn1.ObjectIdentifier
		Value  asn1.RawValue
	}{oidUPN, explicit})
	if err != nil {
		t.Fatalf("testpki: encoding otherName: %v", err)
	}
	// Retag the SEQUENCE as the implicit [0] of GeneralName.
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(inner, &seq); err != nil {
		t.Fatalf("testpki: re-reading otherName: %v", err)
	}
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: seq.Bytes}
}
