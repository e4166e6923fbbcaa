package tokenverify_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

// benchVerify measures Verify. cold cycles through more distinct tokens
// than the cache holds, so every call checks a signature; warm repeats one
// token, so every call after the first is a cache hit.
func benchVerify(b *testing.B, alg jose.SignatureAlgorithm, key any, kid string) {
	srv := newJWKSServer(b, standardJWKS(b))
	const distinct = 256
	tokens := make([]string, distinct)
	for i := range tokens {
		tokens[i] = sign(b, alg, key, kid, with("jti", fmt.Sprint(i),
			"cnf", map[string]any{"x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}))
	}
	ctx := context.Background()

	b.Run("cold", func(b *testing.B) {
		v := newVerifier(b, srv.URL, newClock(), func(o *tokenverify.Options) { o.CacheSize = 16 })
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := v.Verify(ctx, tokens[i%distinct]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("warm", func(b *testing.B) {
		v := newVerifier(b, srv.URL, newClock(), nil)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, tokens[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkVerifyES256(b *testing.B) {
	k := getKeys(b)
	benchVerify(b, jose.ES256, k.ec, "ec")
}

func BenchmarkVerifyRS256(b *testing.B) {
	k := getKeys(b)
	benchVerify(b, jose.RS256, k.rsa, "rsa")
}
