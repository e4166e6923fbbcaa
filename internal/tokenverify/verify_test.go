package tokenverify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

func TestVerify(t *testing.T) {
	k := getKeys(t)
	srv := newJWKSServer(t, standardJWKS(t))
	v := newVerifier(t, srv.URL, newClock(), nil)
	es := func(c map[string]any) string { return sign(t, jose.ES256, k.ec, "ec", c) }

	otherEC, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pubDER, _ := x509.MarshalPKIXPublicKey(k.rsa.Public())
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	noneHeader := map[string]any{"alg": "none", "typ": "JWT"}

	tests := []struct {
		name      string
		token     string
		wantCheck string // "" means the token must verify
	}{
		{"ok/ES256", es(baseClaims()), ""},
		{"ok/ES256-without-kid", sign(t, jose.ES256, k.ec, "", baseClaims()), ""},
		{"ok/RS256", sign(t, jose.RS256, k.rsa, "rsa", baseClaims()), ""},
		{"ok/PS256", sign(t, jose.PS256, k.rsa, "rsa-any", baseClaims()), ""},
		{"ok/EdDSA", sign(t, jose.EdDSA, k.ed, "ed", baseClaims()), ""},
		{"ok/EdDSA-without-kid", sign(t, jose.EdDSA, k.ed, "", baseClaims()), ""},
		{"ok/audience-array", es(with("aud", []string{"x", testAudience})), ""},
		{"ok/expired-within-leeway", es(with("exp", t0.Add(-59*time.Second).Unix())), ""},
		{"ok/nbf-within-leeway", es(with("nbf", t0.Add(59*time.Second).Unix())), ""},
		{"ok/iat-within-leeway", es(with("iat", t0.Add(59*time.Second).Unix())), ""},
		{"ok/fractional-dates", es(with("exp", float64(t0.Unix())+300.5)), ""},

		{"fail/alg-none", rawToken(t, noneHeader, baseClaims(), "AAAA"), tokenverify.CheckAlgorithm},
		{"fail/alg-none-empty-signature", rawToken(t, noneHeader, baseClaims(), ""),
			tokenverify.CheckFormat},
		{"fail/HS256-with-public-key-as-secret", sign(t, jose.HS256, pubPEM, "rsa", baseClaims()),
			tokenverify.CheckAlgorithm},
		{"fail/alg-not-in-allow-list", sign(t, jose.RS512, k.rsa, "rsa-any", baseClaims()),
			tokenverify.CheckAlgorithm},
		{"fail/alg-mismatch-with-jwk-alg", sign(t, jose.PS256, k.rsa, "rsa", baseClaims()),
			tokenverify.CheckAlgorithm},
		{"fail/key-type-mismatch", sign(t, jose.ES256, k.ec, "rsa-any", baseClaims()),
			tokenverify.CheckAlgorithm},
		{"fail/unknown-kid", sign(t, jose.ES256, k.ec, "nope", baseClaims()),
			tokenverify.CheckUnknownKey},
		{"fail/no-kid-ambiguous", sign(t, jose.RS256, k.rsa, "", baseClaims()),
			tokenverify.CheckUnknownKey},
		{"fail/bad-signature", sign(t, jose.ES256, otherEC, "ec", baseClaims()),
			tokenverify.CheckSignature},
		{"fail/crit-header", rawToken(t, map[string]any{"alg": "ES256", "kid": "ec",
			"crit": []string{"exp"}, "exp": 1}, baseClaims(), "AAAA"), tokenverify.CheckFormat},
		{"fail/padded-segment", es(baseClaims()) + "==", tokenverify.CheckFormat},
		{"fail/standard-alphabet", standardAlphabet(t, es), tokenverify.CheckFormat},
		{"fail/non-canonical-base64", nonCanonical(t, es(baseClaims())), tokenverify.CheckFormat},
		{"fail/two-segments", "eyJhbGciOiJFUzI1NiJ9.e30", tokenverify.CheckFormat},
		{"fail/four-segments", es(baseClaims()) + ".AAAA", tokenverify.CheckFormat},
		{"fail/whitespace", " " + es(baseClaims()), tokenverify.CheckFormat},
		{"fail/json-serialization", `{"payload":"e30","signatures":[]}`, tokenverify.CheckFormat},
		{"fail/claims-not-object", signPayload(t, jose.ES256, k.ec, "ec", []byte(`[1]`)),
			tokenverify.CheckFormat},
		{"fail/wrong-issuer", es(with("iss", "https://evil.example")), tokenverify.CheckIssuer},
		{"fail/issuer-trailing-slash", es(with("iss", testIssuer+"/")), tokenverify.CheckIssuer},
		{"fail/missing-issuer", es(with("iss", nil)), tokenverify.CheckIssuer},
		{"fail/wrong-audience", es(with("aud", "billing")), tokenverify.CheckAudience},
		{"fail/missing-audience", es(with("aud", nil)), tokenverify.CheckAudience},
		{"fail/audience-not-string", es(with("aud", 7)), tokenverify.CheckFormat},
		{"fail/missing-exp", es(with("exp", nil)), tokenverify.CheckMissingExp},
		{"fail/exp-not-number", es(with("exp", "tomorrow")), tokenverify.CheckFormat},
		{"fail/expired", es(with("exp", t0.Add(-61*time.Second).Unix())), tokenverify.CheckExpired},
		{"fail/nbf-future", es(with("nbf", t0.Add(61*time.Second).Unix())),
			tokenverify.CheckNotYetValid},
		{"fail/iat-future", es(with("iat", t0.Add(61*time.Second).Unix())),
			tokenverify.CheckIssuedInFuture},
		{"fail/cnf-not-object", es(with("cnf", "abc")), tokenverify.CheckCnf},
		{"fail/cnf-array", es(with("cnf", []string{"abc"})), tokenverify.CheckCnf},
		{"fail/sub-not-string", es(with("sub", 12)), tokenverify.CheckFormat},
		{"fail/empty", "", tokenverify.CheckFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			claims, err := v.Verify(context.Background(), tc.token)
			if tc.wantCheck == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if claims.Subject != "alice" || claims.Issuer != testIssuer {
					t.Errorf("claims = %+v", claims)
				}
				return
			}
			assertCheck(t, err, tc.wantCheck)
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error contains the token")
			}
		})
	}
}

// assertCheck fails unless err is an *InvalidError with check.
func assertCheck(t *testing.T, err error, check string) {
	t.Helper()
	var ie *tokenverify.InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v, want *InvalidError %s", err, check)
	}
	if ie.Check != check {
		t.Fatalf("check = %q (%v), want %q", ie.Check, err, check)
	}
}

// standardAlphabet returns a valid token respelled with + and / where the
// signature has - and _; lenient decoders would accept it.
func standardAlphabet(t *testing.T, mint func(map[string]any) string) string {
	t.Helper()
	for range 100 {
		tok := mint(baseClaims()) // ECDSA signatures differ every time
		i := strings.LastIndexByte(tok, '.')
		if strings.ContainsAny(tok[i:], "-_") {
			return tok[:i] + strings.NewReplacer("-", "+", "_", "/").Replace(tok[i:])
		}
	}
	t.Fatal("no signature with - or _ in 100 tries")
	return ""
}

// nonCanonical sets an unused low bit in the last character of the
// signature: a lenient decoder yields the same bytes.
func nonCanonical(t *testing.T, tok string) string {
	t.Helper()
	i := strings.LastIndexByte(tok, '.')
	sig := tok[i+1:]
	bad := setLowBit(sig)
	a, _ := base64.RawURLEncoding.DecodeString(sig)
	b, err := base64.RawURLEncoding.DecodeString(bad)
	if err != nil || string(a) != string(b) {
		t.Fatalf("respelling is not equivalent for a lenient decoder")
	}
	return tok[:i+1] + bad
}

// setLowBit sets the lowest bit of the last base64url character of s,
// which must end in a partial group, so that the bit is unused padding.
func setLowBit(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[last|1])
}
