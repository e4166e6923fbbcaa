package devenv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Lifetimes of the development certificates. The CA outlives its leaves so
// that a leaf can be reissued without distributing a new CA; both are far
// shorter than anything a real CA would issue for a root.
const (
	caLifetime   = 5 * 365 * 24 * time.Hour
	leafLifetime = 365 * 24 * time.Hour
	// backdate absorbs clock skew between this machine and a container.
	backdate = 5 * time.Minute
)

// ClientOneEmail is the email SAN of client one; client two has none.
const ClientOneEmail = "dev-client@example.com"

// keyPair is a certificate with its private key, both PEM-encoded.
type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func (k keyPair) certPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.cert.Raw})
}

func (k keyPair) keyPEM() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.key)
	if err != nil {
		return nil, fmt.Errorf("encoding private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// leafSpec is what differs between the server and client certificates.
type leafSpec struct {
	commonName string
	dnsNames   []string
	ips        []net.IP
	emails     []string
	usage      x509.ExtKeyUsage
}

// serverSpec is the localhost server certificate: curl and browsers check
// the SAN, never the common name.
var serverSpec = leafSpec{
	commonName: "localhost",
	dnsNames:   []string{"localhost"},
	ips:        []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	usage:      x509.ExtKeyUsageServerAuth,
}

// clientSpecs are client one (with an email SAN, so identity mapping has
// something to map) and client two (without).
var clientSpecs = [2]leafSpec{
	{commonName: "dev-client-one", emails: []string{ClientOneEmail}, usage: x509.ExtKeyUsageClientAuth},
	{commonName: "dev-client-two", usage: x509.ExtKeyUsageClientAuth},
}

// newCA creates the self-signed development CA on P-256.
func newCA(now time.Time) (keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return keyPair{}, fmt.Errorf("generating CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject: pkix.Name{
			CommonName:   "crudsvc development CA (do not trust)",
			Organization: []string{"crudsvc dev"},
		},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	return sign(tmpl, key, tmpl, key)
}

// issue signs a leaf certificate for spec with ca.
func issue(ca keyPair, spec leafSpec, now time.Time) (keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return keyPair{}, fmt.Errorf("generating key for %s: %w", spec.commonName, err)
	}
	tmpl := &x509.Certificate{
		Subject:        pkix.Name{CommonName: spec.commonName, Organization: []string{"crudsvc dev"}},
		NotBefore:      now.Add(-backdate),
		NotAfter:       now.Add(leafLifetime),
		KeyUsage:       x509.KeyUsageDigitalSignature,
		ExtKeyUsage:    []x509.ExtKeyUsage{spec.usage},
		DNSNames:       spec.dnsNames,
		IPAddresses:    spec.ips,
		EmailAddresses: spec.emails,
	}
	return sign(tmpl, key, ca.cert, ca.key)
}

// sign creates the certificate of tmpl for key, signed by parent.
func sign(tmpl *x509.Certificate, key *ecdsa.PrivateKey, parent *x509.Certificate,
	parentKey *ecdsa.PrivateKey) (keyPair, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return keyPair{}, fmt.Errorf("generating serial number: %w", err)
	}
	tmpl.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return keyPair{}, fmt.Errorf("signing certificate for %s: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return keyPair{}, fmt.Errorf("parsing certificate for %s: %w", tmpl.Subject.CommonName, err)
	}
	return keyPair{cert: cert, key: key}, nil
}
