package clientcert_test

import (
	"crypto/sha256"
	"crypto/x509"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// benchHeaders are a typical nginx (escaped PEM, leaf only) and Traefik
// (base64 leaf and intermediate) header, as captured.
func benchHeaders(b *testing.B) []struct{ name, header, value string } {
	return []struct{ name, header, value string }{
		{"nginx", "ssl-client-cert",
			loadCapture(b, "nginx-1.22.1-escaped.json").Headers["ssl-client-cert"]},
		{"traefik", clientcert.DefaultHeader,
			loadCapture(b, "traefik-3.6.12-leaf-and-intermediate.json").Headers[clientcert.DefaultHeader]},
	}
}

// BenchmarkExtract measures trust, decoding, parsing and thumbprint.
func BenchmarkExtract(b *testing.B) {
	for _, h := range benchHeaders(b) {
		b.Run(h.name, func(b *testing.B) {
			e := newExtractor(b, clientcert.Options{Header: h.header})
			r := request(trustedPeer, h.header, h.value)
			b.ReportAllocs()
			for b.Loop() {
				res, err := e.Extract(r)
				if err != nil || res.Cert == nil {
					b.Fatalf("Extract: %v", err)
				}
			}
		})
	}
}

// BenchmarkFloorParse is the least any decoder must do with the same
// certificates: x509.ParseCertificate and SHA-256 of the DER.
func BenchmarkFloorParse(b *testing.B) {
	_, leaf := readPEM(b, "client.crt")
	_, chain := readPEM(b, "client-chain.crt")
	for _, c := range []struct {
		name string
		ders [][]byte
	}{{"nginx", leaf}, {"traefik", chain}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, der := range c.ders {
					if _, err := x509.ParseCertificate(der); err != nil {
						b.Fatal(err)
					}
				}
				_ = sha256.Sum256(c.ders[0])
			}
		})
	}
}
