package tokenverify_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

// FuzzVerify feeds arbitrary strings to Verify: it must never panic, must
// refuse with an *InvalidError only, and must never echo the token.
func FuzzVerify(f *testing.F) {
	k := getKeys(f)
	path := filepath.Join(f.TempDir(), "jwks.json")
	if err := os.WriteFile(path, standardJWKS(f), 0o600); err != nil {
		f.Fatal(err)
	}
	v, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: testIssuer, Audiences: []string{testAudience},
		JWKSFile: path, Now: newClock().Now,
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		sign(f, jose.ES256, k.ec, "ec", baseClaims()),
		sign(f, jose.EdDSA, k.ed, "", with("cnf", map[string]any{"x5t#S256": 1})),
		sign(f, jose.RS256, k.rsa, "rsa", with("aud", []any{1})),
		"eyJhbGciOiJub25lIn0.e30.", "a.b.c", "..", "", "eyJ9.eyJ9.eyJ9",
		`eyJhbGciOiJFUzI1NiIsImNyaXQiOlsiYjY0Il0sImI2NCI6ZmFsc2V9.e30.AAAA`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		_, err := v.Verify(context.Background(), token)
		if err == nil {
			return
		}
		var ie *tokenverify.InvalidError
		if !errors.As(err, &ie) || ie.Check == "" {
			t.Fatalf("error %v is not an *InvalidError", err)
		}
		if len(token) >= 16 && strings.Contains(err.Error(), token) {
			t.Fatalf("error contains the token")
		}
	})
}
