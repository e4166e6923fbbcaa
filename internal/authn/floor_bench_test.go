package authn_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// BenchmarkFloor is the least one cold authentication can cost with the
// inputs of BenchmarkAuthenticate: x509.ParseCertificate of the same
// client certificate DER and one signature check of a token of the same
// shape, straight through crypto/ecdsa or crypto/rsa. No header decoding,
// JSON, claims, policy or binding: BenchmarkAuthenticate/<alg>/cold
// divided by BenchmarkFloor/<alg> is the overhead of everything else.
func BenchmarkFloor(b *testing.B) {
	issuer := tokentest.NewIssuer(b, tokentest.WithRS256())
	_, _, cert := testpki.NewCA(b).Issue(b, testpki.Options{})
	keys := fetchKeys(b, issuer.JWKSURL())
	cnf := map[string]any{"x5t#S256": clientcert.Thumbprint(cert.Raw)}

	for _, c := range []struct{ alg, kid string }{{"ES256", "es256-0"}, {"RS256", "rs256-0"}} {
		token := issuer.MintAlg(b, c.alg, map[string]any{
			"sub": "alice", "aud": audience, "jti": 1, "cnf": cnf,
		})
		input, sig := splitJWS(b, token)
		verify := verifier(b, keys[c.kid], sig)
		b.Run(c.alg, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := x509.ParseCertificate(cert.Raw); err != nil {
					b.Fatal(err)
				}
				if !verify(input) {
					b.Fatal("signature does not verify")
				}
			}
		})
	}
}

// fetchKeys reads the issuer's JWKS once, outside the measured loop.
func fetchKeys(b *testing.B, url string) map[string]any {
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		b.Fatal(err)
	}
	keys := map[string]any{}
	for _, k := range set.Keys {
		keys[k.KeyID] = k.Key
	}
	return keys
}

// splitJWS returns a compact JWS's signing input (RFC 7515 section 5.2)
// and its decoded signature.
func splitJWS(b *testing.B, token string) ([]byte, []byte) {
	i := strings.LastIndexByte(token, '.')
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil {
		b.Fatal(err)
	}
	return []byte(token[:i]), sig
}

// verifier returns a check of sig over an input with key: ES256 is
// SHA-256 and ECDSA P-256 with R||S (RFC 7518 section 3.4), RS256 is
// RSASSA-PKCS1-v1_5 with SHA-256 (section 3.3).
func verifier(b *testing.B, key any, sig []byte) func(input []byte) bool {
	switch k := key.(type) {
	case *ecdsa.PublicKey:
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return func(input []byte) bool {
			h := sha256.Sum256(input)
			return ecdsa.Verify(k, h[:], r, s)
		}
	case *rsa.PublicKey:
		return func(input []byte) bool {
			h := sha256.Sum256(input)
			return rsa.VerifyPKCS1v15(k, crypto.SHA256, h[:], sig) == nil
		}
	}
	b.Fatalf("unexpected key type %T", key)
	return nil
}
