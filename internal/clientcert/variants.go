package clientcert

import (
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// SignatureVariants returns the x5t#S256 thumbprints of the certificates
// that differ from c only in the encoding of their ECDSA signature: (r, s)
// and (r, n-s) both verify, so a holder of a blocklisted certificate can
// turn it into a "new" one with another thumbprint and the same identity
// without any key. The issuer's curve is unknown here (the chain is
// unverified), so one variant is given for each curve order an edge may
// verify (curveOrders) that is above s. A blocklist must match these too. Certificates not signed with ECDSA
// have no such variant; the result is computed once per Certificate.
func (c *Certificate) SignatureVariants() []string {
	if c.variants == nil {
		return signatureVariants(c.Leaf)
	}
	c.variants.once.Do(func() { c.variants.list = signatureVariants(c.Leaf) })
	return c.variants.list
}

func signatureVariants(leaf *x509.Certificate) []string {
	if leaf == nil {
		return nil
	}
	switch leaf.SignatureAlgorithm {
	case x509.ECDSAWithSHA1, x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512:
	default:
		return nil
	}
	tbs, algo, r, s, ok := splitECDSACertificate(leaf.Raw)
	if !ok {
		return nil
	}

	var out []string
	for _, n := range curveOrders {
		if s.Sign() <= 0 || s.Cmp(n) >= 0 {
			continue
		}
		der, ok := rebuild(tbs, algo, r, new(big.Int).Sub(n, s))
		if !ok {
			continue
		}
		sum := sha256.Sum256(der)
		out = append(out, base64.RawURLEncoding.EncodeToString(sum[:]))
	}
	return out
}

// curveOrders are the group orders of the curves a CA may sign with and an
// edge may verify: the NIST curves Go supports, and secp256k1 and the
// Brainpool curves OpenSSL-based edges (nginx, HAProxy, Apache) verify.
// The Brainpool "t1" twists share the orders of their "r1" curves.
var curveOrders = []*big.Int{
	elliptic.P224().Params().N,
	elliptic.P256().Params().N,
	elliptic.P384().Params().N,
	elliptic.P521().Params().N,
	hexOrder("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), // secp256k1
	hexOrder("a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7"), // brainpoolP256r1
	hexOrder("8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7" +
		"cf3ab6af6b7fc3103b883202e9046565"), // brainpoolP384r1
	hexOrder("aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870" +
		"553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069"), // brainpoolP512r1
}

func hexOrder(h string) *big.Int {
	n, ok := new(big.Int).SetString(h, 16)
	if !ok {
		panic("clientcert: bad curve order " + h)
	}
	return n
}

// splitECDSACertificate reads Certificate ::= SEQUENCE { tbsCertificate,
// signatureAlgorithm, signatureValue BIT STRING { SEQUENCE { r, s } } }.
func splitECDSACertificate(der []byte) (tbs, algo []byte, r, s *big.Int, ok bool) {
	input := cryptobyte.String(der)
	var cert, sigBits cryptobyte.String
	var bits cryptobyte.String
	var tbsEl, algoEl cryptobyte.String
	if !input.ReadASN1(&cert, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&tbsEl, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&algoEl, cbasn1.SEQUENCE) ||
		!cert.ReadASN1(&sigBits, cbasn1.BIT_STRING) || len(sigBits) < 1 || sigBits[0] != 0 {
		return nil, nil, nil, nil, false
	}
	bits = sigBits[1:]
	var sig cryptobyte.String
	r, s = new(big.Int), new(big.Int)
	if !bits.ReadASN1(&sig, cbasn1.SEQUENCE) || !sig.ReadASN1Integer(r) || !sig.ReadASN1Integer(s) {
		return nil, nil, nil, nil, false
	}
	return tbsEl, algoEl, r, s, true
}

// rebuild encodes the certificate again with the signature (r, s).
func rebuild(tbs, algo []byte, r, s *big.Int) ([]byte, bool) {
	var sig cryptobyte.Builder
	sig.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	sigDER, err := sig.Bytes()
	if err != nil {
		return nil, false
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(algo)
		b.AddASN1BitString(sigDER)
	})
	der, err := b.Bytes()
	return der, err == nil
}
