package tokenverify_test

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

func TestClaimsFields(t *testing.T) {
	k := getKeys(t)
	v := newVerifier(t, newJWKSServer(t, standardJWKS(t)).URL, newClock(), nil)
	tok := sign(t, jose.ES256, k.ec, "ec", with(
		"aud", []string{"a", testAudience}, "azp", "web", "scope", "read write",
		"nbf", t0.Add(-time.Minute).Unix(), "custom", "x"))
	c, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "web" || c.Scope != "read write" || !slices.Equal(c.Audience, []string{"a", testAudience}) {
		t.Errorf("claims = %+v", c)
	}
	if !c.Expiry.Equal(t0.Add(5*time.Minute)) || !c.IssuedAt.Equal(t0) ||
		!c.NotBefore.Equal(t0.Add(-time.Minute)) {
		t.Errorf("times = %v %v %v", c.Expiry, c.IssuedAt, c.NotBefore)
	}
	if c.Raw["custom"] != "x" || c.Confirmation != nil {
		t.Errorf("raw = %v, cnf = %v", c.Raw, c.Confirmation)
	}

	tok = sign(t, jose.ES256, k.ec, "ec", with("client_id", "cli", "azp", "web",
		"scp", []string{"a", "b"}))
	if c, err = v.Verify(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "cli" || c.Scope != "a b" {
		t.Errorf("client_id = %q, scope = %q", c.ClientID, c.Scope)
	}
}

func TestConfirmation(t *testing.T) {
	k := getKeys(t)
	v := newVerifier(t, newJWKSServer(t, standardJWKS(t)).URL, newClock(), nil)
	tests := []struct {
		name string
		cnf  any // nil: no cnf claim
		want *tokenverify.Confirmation
	}{
		{"ok/absent", nil, nil},
		{"ok/empty-object", map[string]any{}, &tokenverify.Confirmation{}},
		{"ok/other-member", map[string]any{"jkt": "abc"}, &tokenverify.Confirmation{}},
		{"ok/string", map[string]any{"x5t#S256": "abc"},
			&tokenverify.Confirmation{X5tS256: "abc", Present: true}},
		{"ok/empty-string", map[string]any{"x5t#S256": ""},
			&tokenverify.Confirmation{Present: true}},
		{"ok/number", map[string]any{"x5t#S256": 42}, &tokenverify.Confirmation{Present: true}},
		{"ok/null", map[string]any{"x5t#S256": nil}, &tokenverify.Confirmation{Present: true}},
		{"ok/object", map[string]any{"x5t#S256": map[string]any{}},
			&tokenverify.Confirmation{Present: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			claims := baseClaims()
			if tc.cnf != nil {
				claims["cnf"] = tc.cnf
			}
			c, err := v.Verify(context.Background(), sign(t, jose.ES256, k.ec, "ec", claims))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == nil && c.Confirmation != nil:
				t.Errorf("cnf = %+v, want nil", c.Confirmation)
			case tc.want != nil && (c.Confirmation == nil || *c.Confirmation != *tc.want):
				t.Errorf("cnf = %+v, want %+v", c.Confirmation, tc.want)
			}
		})
	}
}

func TestValidThumbprint(t *testing.T) {
	sum := sha256.Sum256([]byte("certificate"))
	good := base64.RawURLEncoding.EncodeToString(sum[:])
	sha1Sum := sha1.Sum([]byte("certificate"))
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"ok/base64url", good, true},
		{"fail/padded", base64.URLEncoding.EncodeToString(sum[:]), false},
		{"fail/standard-alphabet", base64.StdEncoding.EncodeToString(sum[:]), false},
		{"fail/standard-alphabet-unpadded", "+" + good[1:], false},
		{"fail/hex", hex.EncodeToString(sum[:]), false},
		{"fail/sha1", base64.RawURLEncoding.EncodeToString(sha1Sum[:]), false},
		{"fail/non-canonical", setLowBit(good), false},
		{"fail/too-long", good + "A", false},
		{"fail/empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tokenverify.ValidThumbprint(tc.in); got != tc.want {
				t.Errorf("ValidThumbprint(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseAlgorithms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // nil: error
	}{
		{"ok/one", "ES256", []string{"ES256"}},
		{"ok/spaces-and-duplicates", " RS256, ES256 ,RS256,", []string{"RS256", "ES256"}},
		{"ok/all", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA",
			tokenverify.ValidAlgorithms},
		{"fail/empty", " , ", nil},
		{"fail/none", "RS256,none", nil},
		{"fail/HS256", "HS256", nil},
		{"fail/lowercase", "rs256", nil},
		{"fail/unknown", "ES256K", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tokenverify.ParseAlgorithms(tc.in)
			if tc.want == nil {
				if err == nil {
					t.Fatalf("ParseAlgorithms(%q) = %v, want error", tc.in, got)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("ParseAlgorithms(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}
