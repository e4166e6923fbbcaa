package tokenverify

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/go-jose/go-jose/v4"
)

// minRSABits is the smallest RSA modulus accepted (RFC 7518 section 3.3).
const minRSABits = 2048

// verificationKey is one usable public key of a key set.
type verificationKey struct {
	id  string // kid, may be empty
	alg string // alg the JWK is restricted to, "" when unrestricted
	pub crypto.PublicKey
}

// keySet is an immutable, parsed JWKS. gen changes whenever the keys do,
// which invalidates cached verifications.
type keySet struct {
	keys        []verificationKey
	fingerprint [32]byte
	gen         uint64
}

// parseKeySet parses a JWKS document (RFC 7517 section 5). Keys that cannot
// verify signatures here (symmetric, private, encryption-only, unknown
// types, short RSA) are skipped, so that one odd key published by the
// provider does not make the whole set unusable; a set with no usable key
// at all is an error.
func parseKeySet(data []byte) (*keySet, []string, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("decoding jwks: %w", err)
	}
	ks := &keySet{}
	var skipped []string
	h := sha256.New()
	for i, raw := range doc.Keys {
		k, err := parseKey(raw)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("key %d: %v", i, err))
			continue
		}
		ks.keys = append(ks.keys, k)
		tp, _ := jwkThumbprint(k.pub)
		fmt.Fprintf(h, "%q %q %x\n", k.id, k.alg, tp)
	}
	if len(ks.keys) == 0 {
		return nil, skipped, errors.New("jwks holds no usable signature key")
	}
	h.Sum(ks.fingerprint[:0])
	return ks, skipped, nil
}

// parseKey turns one JWK into a verification key, or says why not.
func parseKey(raw json.RawMessage) (verificationKey, error) {
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		return verificationKey{}, errors.New("unsupported or malformed jwk")
	}
	if jwk.Use != "" && jwk.Use != "sig" {
		return verificationKey{}, fmt.Errorf("use %q is not sig", jwk.Use)
	}
	if jwk.Algorithm != "" && !slices.Contains(ValidAlgorithms, jwk.Algorithm) {
		return verificationKey{}, fmt.Errorf("alg %q is not a signature algorithm", jwk.Algorithm)
	}
	switch pub := jwk.Key.(type) {
	case *rsa.PublicKey:
		if pub.N.BitLen() < minRSABits {
			return verificationKey{}, fmt.Errorf("rsa key shorter than %d bits", minRSABits)
		}
	case *ecdsa.PublicKey, ed25519.PublicKey:
	default:
		return verificationKey{}, errors.New("not a public rsa, ec or ed25519 key")
	}
	if jwk.Algorithm != "" && !keyFits(jwk.Algorithm, jwk.Key) {
		return verificationKey{}, fmt.Errorf("alg %q does not fit the key type", jwk.Algorithm)
	}
	return verificationKey{id: jwk.KeyID, alg: jwk.Algorithm, pub: jwk.Key}, nil
}

// jwkThumbprint is the RFC 7638 thumbprint of a public key.
func jwkThumbprint(pub crypto.PublicKey) ([]byte, error) {
	jwk := jose.JSONWebKey{Key: pub}
	return jwk.Thumbprint(crypto.SHA256)
}

// find selects the key for a token header (RFC 8725 section 3.1: the key
// decides the algorithm, not the token). With a kid, only keys of that kid
// are considered; without one, the key must be the only one that fits alg.
// A key restricted to an alg is used only with that alg. The check names
// why nothing fits: unknown_key (a refetch may help) or algorithm.
func (ks *keySet) find(kid, alg string) (verificationKey, *InvalidError) {
	var found verificationKey
	n, sameKid := 0, false
	for _, k := range ks.keys {
		if kid != "" && k.id != kid {
			continue
		}
		sameKid = true
		if (k.alg != "" && k.alg != alg) || !keyFits(alg, k.pub) {
			continue
		}
		if kid != "" {
			return k, nil
		}
		found, n = k, n+1
	}
	switch {
	case n == 1:
		return found, nil
	case n > 1:
		return verificationKey{}, invalid(CheckUnknownKey,
			"token has no kid and %d keys fit alg %s", n, alg)
	case kid != "" && sameKid:
		return verificationKey{}, invalid(CheckAlgorithm,
			"key %q does not allow alg %s", clip(kid), alg)
	case kid != "":
		return verificationKey{}, invalid(CheckUnknownKey, "no key with kid %q", clip(kid))
	}
	return verificationKey{}, invalid(CheckUnknownKey, "token has no kid and no key fits alg %s", alg)
}

// clip shortens a header-derived value for an error message.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
