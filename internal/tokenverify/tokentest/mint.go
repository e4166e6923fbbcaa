package tokentest

import (
	"encoding/json"
	"maps"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Mint returns a token signed with the current ES256 key. It sets iss to
// URL(), iat to now and exp to now+5m unless claims provides them; a claim
// set to nil is removed (for example "exp": nil mints a token without exp).
// Other claims (sub, aud, cnf...) are taken as given.
func (i *Issuer) Mint(t testing.TB, claims map[string]any) string {
	t.Helper()
	return i.MintAlg(t, "ES256", claims)
}

// MintAlg is Mint with the newest key of algorithm alg ("ES256", or
// "RS256" when the issuer was made WithRS256).
func (i *Issuer) MintAlg(t testing.TB, alg string, claims map[string]any) string {
	t.Helper()
	now := i.now()
	full := map[string]any{
		"iss": i.URL(),
		"iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(),
	}
	maps.Copy(full, claims)
	maps.DeleteFunc(full, func(_ string, v any) bool { return v == nil })
	payload, err := json.Marshal(full)
	if err != nil {
		t.Fatalf("tokentest: encoding claims: %v", err)
	}
	return i.SignPayload(t, alg, payload)
}

// MintBound returns a token for sub and aud bound to a client certificate
// by cnf {"x5t#S256": thumbprint} (RFC 8705 section 3.1).
func (i *Issuer) MintBound(t testing.TB, sub, aud, thumbprint string) string {
	t.Helper()
	return i.Mint(t, map[string]any{
		"sub": sub,
		"aud": aud,
		"cnf": map[string]any{"x5t#S256": thumbprint},
	})
}

// SignPayload signs arbitrary payload bytes as a compact JWS with the
// newest key of alg, with kid and typ JWT in the header.
func (i *Issuer) SignPayload(t testing.TB, alg string, payload []byte) string {
	t.Helper()
	i.mu.Lock()
	var key signingKey
	for _, k := range i.keys {
		if string(k.alg) == alg {
			key = k
		}
	}
	i.mu.Unlock()
	if key.priv == nil {
		t.Fatalf("tokentest: issuer has no %s key", alg)
	}
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", key.kid)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: key.alg, Key: key.priv}, opts)
	if err != nil {
		t.Fatalf("tokentest: signer: %v", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatalf("tokentest: signing: %v", err)
	}
	tok, err := jws.CompactSerialize()
	if err != nil {
		t.Fatalf("tokentest: serializing: %v", err)
	}
	return tok
}
