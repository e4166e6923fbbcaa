package clientcert

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"net/url"
	"sync"
	"time"
)

// Certificate is a client certificate parsed once, with the values the
// authentication layer and the identity mapping need. A Certificate may be
// shared between requests (Extractor caches them): treat it as read-only.
type Certificate struct {
	Leaf       *x509.Certificate
	Chain      []*x509.Certificate // after the leaf; unverified client material
	Thumbprint string              // x5t#S256: base64url, no padding, SHA-256 of leaf DER
	Subject    string              // RFC 4514 DN string of the leaf subject
	Issuer     string              // RFC 4514 DN string of the leaf issuer
	EmailSANs  []string
	DNSSANs    []string
	URISANs    []*url.URL
	UPNSANs    []string // otherName 1.3.6.1.4.1.311.20.2.3
	NotBefore  time.Time
	NotAfter   time.Time
	PolicyOIDs []string // dotted form

	variants *variantsOnce // SignatureVariants, computed once
}

type variantsOnce struct {
	once sync.Once
	list []string
}

// Thumbprint returns the RFC 8705 x5t#S256 of a DER certificate:
// base64url without padding of its SHA-256 (43 characters).
func Thumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// New describes leaf, followed by chain. Only the leaf decides the
// thumbprint and the identity; chain is kept as unverified material.
// New returns nil when leaf is nil.
func New(leaf *x509.Certificate, chain []*x509.Certificate) *Certificate {
	if leaf == nil {
		return nil
	}
	return &Certificate{
		Leaf:       leaf,
		Chain:      chain,
		Thumbprint: Thumbprint(leaf.Raw),
		Subject:    distinguishedName(leaf.RawSubject, leaf.Subject),
		Issuer:     distinguishedName(leaf.RawIssuer, leaf.Issuer),
		EmailSANs:  leaf.EmailAddresses,
		DNSSANs:    leaf.DNSNames,
		URISANs:    leaf.URIs,
		UPNSANs:    upnSANs(leaf),
		NotBefore:  leaf.NotBefore,
		NotAfter:   leaf.NotAfter,
		PolicyOIDs: policyOIDs(leaf),
		variants:   &variantsOnce{},
	}
}

// policyOIDs lists the certificate policies in dotted form. Policies holds
// every OID, including arcs too large for PolicyIdentifiers.
func policyOIDs(c *x509.Certificate) []string {
	var out []string
	for _, oid := range c.Policies {
		out = append(out, oid.String())
	}
	if len(out) == 0 {
		for _, oid := range c.PolicyIdentifiers {
			out = append(out, oid.String())
		}
	}
	return out
}
