package tokenverify

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"slices"
	"strings"
)

// ValidAlgorithms lists every JWS alg value the verifier can be configured
// to accept. All are public-key algorithms: none and the HMAC family (HS*)
// are never accepted, since with a published key they prove nothing
// (RFC 8725 section 2.1).
var ValidAlgorithms = []string{
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// DefaultAlgorithms is the allow-list used when Options.Algorithms is empty.
var DefaultAlgorithms = []string{"RS256", "PS256", "ES256", "EdDSA"}

// ParseAlgorithms parses a comma-separated allow-list such as
// "RS256, ES256". Names are case-sensitive, duplicates are dropped, and an
// empty list or a name outside ValidAlgorithms is an error naming the valid
// values.
func ParseAlgorithms(s string) ([]string, error) {
	var out []string
	for name := range strings.SplitSeq(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if err := checkAlgorithm(name); err != nil {
			return nil, err
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("tokenverify: no algorithm given; valid: %s",
			strings.Join(ValidAlgorithms, ","))
	}
	return out, nil
}

// checkAlgorithm reports whether name may appear in an allow-list.
func checkAlgorithm(name string) error {
	if slices.Contains(ValidAlgorithms, name) {
		return nil
	}
	if strings.EqualFold(name, "none") || strings.HasPrefix(strings.ToUpper(name), "HS") {
		return fmt.Errorf("tokenverify: algorithm %q is never allowed: "+
			"only public-key algorithms are; valid: %s", name, strings.Join(ValidAlgorithms, ","))
	}
	return fmt.Errorf("tokenverify: unknown algorithm %q; valid: %s",
		name, strings.Join(ValidAlgorithms, ","))
}

// keyFits reports whether a public key has the type and curve that alg
// requires (RFC 7518 section 3), so a key is never used with an algorithm
// it was not made for.
func keyFits(alg string, pub any) bool {
	switch alg {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		_, ok := pub.(*rsa.PublicKey)
		return ok
	case "ES256":
		return ecCurve(pub) == elliptic.P256()
	case "ES384":
		return ecCurve(pub) == elliptic.P384()
	case "ES512":
		return ecCurve(pub) == elliptic.P521()
	case "EdDSA":
		k, ok := pub.(ed25519.PublicKey)
		return ok && len(k) == ed25519.PublicKeySize
	}
	return false
}

// ecCurve returns the curve of an ECDSA public key, or nil.
func ecCurve(pub any) elliptic.Curve {
	if k, ok := pub.(*ecdsa.PublicKey); ok {
		return k.Curve
	}
	return nil
}
