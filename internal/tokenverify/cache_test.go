package tokenverify_test

import (
	"context"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

func TestCacheRechecksTime(t *testing.T) {
	k := getKeys(t)
	c := newClock()
	v := newVerifier(t, newJWKSServer(t, standardJWKS(t)).URL, c, nil)
	tok := sign(t, jose.ES256, k.ec, "ec", with("exp", t0.Add(2*time.Minute).Unix()))
	ctx := context.Background()

	first, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	first.Subject = "mallory" // callers get copies; the cache is not altered
	second, err := v.Verify(ctx, tok)
	if err != nil || second.Subject != "alice" {
		t.Fatalf("cache hit = %+v, %v", second, err)
	}

	c.Advance(3*time.Minute + time.Second) // exp + leeway passed
	_, err = v.Verify(ctx, tok)
	assertCheck(t, err, tokenverify.CheckExpired)
}

func TestCacheDroppedWhenKeysChange(t *testing.T) {
	k := getKeys(t)
	srv := newJWKSServer(t, standardJWKS(t))
	c := newClock()
	v := newVerifier(t, srv.URL, c, nil)
	ctx := context.Background()
	tok := sign(t, jose.ES256, k.ec, "ec", baseClaims())
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}

	// The provider withdraws the EC key; a token with an unknown kid makes
	// the verifier refetch, and the cached verification must not survive.
	srv.set(200, jwksJSON(t, jose.JSONWebKey{Key: k.ed.Public(), KeyID: "ed2"}))
	_, err := v.Verify(ctx, sign(t, jose.ES256, k.ec, "gone", baseClaims()))
	assertCheck(t, err, tokenverify.CheckUnknownKey)

	_, err = v.Verify(ctx, tok)
	assertCheck(t, err, tokenverify.CheckUnknownKey)
}
