package tokenverify_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
	"github.com/go-jose/go-jose/v4"
)

// countingRecorder counts refresh outcomes.
type countingRecorder struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *countingRecorder) JWKSRefresh(outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[outcome]++
}

func (r *countingRecorder) get(outcome string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[outcome]
}

// issuerVerifier makes a verifier for a tokentest issuer by discovery.
func issuerVerifier(t *testing.T, iss *tokentest.Issuer, c *clock,
	mod func(*tokenverify.Options)) *tokenverify.Verifier {
	t.Helper()
	opts := tokenverify.Options{Issuer: iss.URL(), Audiences: []string{testAudience}, Now: c.Now}
	if mod != nil {
		mod(&opts)
	}
	v, err := tokenverify.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return v
}

func TestRotationRefetchesOncePerCooldown(t *testing.T) {
	c := newClock()
	iss := tokentest.NewIssuer(t, tokentest.WithClock(c.Now))
	rec := &countingRecorder{}
	v := issuerVerifier(t, iss, c, func(o *tokenverify.Options) { o.Recorder = rec })
	ctx := context.Background()
	if got := iss.JWKSHits(); got != 1 {
		t.Fatalf("jwks hits after New = %d, want 1", got)
	}

	// A key published after start is found by one refetch.
	iss.Rotate()
	if _, err := v.Verify(ctx, iss.Mint(t, map[string]any{"aud": testAudience})); err != nil {
		t.Fatalf("token of rotated key: %v", err)
	}
	if got := iss.JWKSHits(); got != 2 {
		t.Fatalf("jwks hits after rotation = %d, want 2", got)
	}

	// Another unknown kid within the cool-down does not refetch.
	iss.Rotate()
	tok := iss.Mint(t, map[string]any{"aud": testAudience})
	_, err := v.Verify(ctx, tok)
	assertCheck(t, err, tokenverify.CheckUnknownKey)
	if got := iss.JWKSHits(); got != 2 {
		t.Fatalf("jwks hits within cool-down = %d, want 2", got)
	}
	if rec.get(tokenverify.RefreshSkippedCooldown) != 1 {
		t.Errorf("skipped_cooldown not recorded: %v", rec.n)
	}

	// After the cool-down it does.
	c.Advance(tokenverify.DefaultRefreshCooldown)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatalf("after cool-down: %v", err)
	}
	if got := iss.JWKSHits(); got != 3 {
		t.Fatalf("jwks hits after cool-down = %d, want 3", got)
	}
	if rec.get(tokenverify.RefreshSuccess) != 3 {
		t.Errorf("success count = %d, want 3", rec.get(tokenverify.RefreshSuccess))
	}
}

func TestConcurrentUnknownKidShareOneFetch(t *testing.T) {
	c := newClock()
	iss := tokentest.NewIssuer(t, tokentest.WithClock(c.Now))
	v := issuerVerifier(t, iss, c, nil)
	iss.Rotate()
	tok := iss.Mint(t, map[string]any{"aud": testAudience})

	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		wg.Go(func() {
			_, err := v.Verify(context.Background(), tok)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Verify: %v", err)
		}
	}
	if got := iss.JWKSHits(); got != 2 {
		t.Errorf("jwks hits = %d, want 2 (start + one shared refetch)", got)
	}
}

func TestOutageKeepsLastGoodKeys(t *testing.T) {
	k := getKeys(t)
	srv := newJWKSServer(t, standardJWKS(t))
	c := newClock()
	rec := &countingRecorder{}
	v := newVerifier(t, srv.URL, c, func(o *tokenverify.Options) {
		o.CacheSize = -1 // every Verify checks the signature
		o.Recorder = rec
	})
	ctx := context.Background()
	good := sign(t, jose.ES256, k.ec, "ec", baseClaims())
	unknown := sign(t, jose.ES256, k.ec, "new", baseClaims())

	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"status-500", http.StatusInternalServerError, "oops"},
		{"invalid-json", http.StatusOK, "{not json"},
		{"no-usable-key", http.StatusOK, `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.set(tc.status, []byte(tc.body))
			c.Advance(time.Minute)
			before := srv.hits.Load()
			_, err := v.Verify(ctx, unknown)
			assertCheck(t, err, tokenverify.CheckUnknownKey)
			if srv.hits.Load() != before+1 {
				t.Fatalf("unknown kid did not refetch")
			}
			if _, err := v.Verify(ctx, good); err != nil {
				t.Fatalf("old key during outage: %v", err)
			}
		})
	}
	if rec.get(tokenverify.RefreshFailure) != 3 {
		t.Errorf("failure count = %d, want 3", rec.get(tokenverify.RefreshFailure))
	}
}

func TestStartWhileIdPDown(t *testing.T) {
	k := getKeys(t)
	srv := newJWKSServer(t, nil)
	srv.set(http.StatusServiceUnavailable, nil)
	c := newClock()
	v := newVerifier(t, srv.URL, c, nil)
	tok := sign(t, jose.ES256, k.ec, "ec", baseClaims())

	_, err := v.Verify(context.Background(), tok)
	assertCheck(t, err, tokenverify.CheckKeysUnavailable)

	// Back up, but within the cool-down of the failed fetch: no new fetch.
	srv.set(http.StatusOK, standardJWKS(t))
	hits := srv.hits.Load()
	_, err = v.Verify(context.Background(), tok)
	assertCheck(t, err, tokenverify.CheckKeysUnavailable)
	if srv.hits.Load() != hits {
		t.Fatalf("fetched within cool-down")
	}

	c.Advance(tokenverify.DefaultRefreshCooldown)
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
}

func TestDiscovery(t *testing.T) {
	c := newClock()
	iss := tokentest.NewIssuer(t, tokentest.WithClock(c.Now), tokentest.WithRS256())
	v := issuerVerifier(t, iss, c, nil)
	for _, alg := range []string{"ES256", "RS256"} {
		tok := iss.MintAlg(t, alg, map[string]any{"aud": testAudience, "sub": "bob"})
		claims, err := v.Verify(context.Background(), tok)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if claims.Subject != "bob" {
			t.Errorf("%s: sub = %q", alg, claims.Subject)
		}
	}
}

func TestDiscoveryIssuerMismatch(t *testing.T) {
	// The provider answers for the configured issuer with metadata naming
	// another one: a configuration error, refused at start-up.
	srv := newJWKSServer(t, []byte(`{"issuer":"https://other.example",`+
		`"jwks_uri":"https://other.example/jwks"}`))
	_, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: srv.URL, Audiences: []string{testAudience},
	})
	if err == nil {
		t.Fatal("New accepted discovery for another issuer")
	}
}

func TestJWKSFile(t *testing.T) {
	k := getKeys(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "jwks.json")
	if err := os.WriteFile(path, standardJWKS(t), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newClock()
	v := newVerifier(t, "", c, func(o *tokenverify.Options) { o.JWKSFile = path })
	if _, err := v.Verify(context.Background(), sign(t, jose.EdDSA, k.ed, "ed", baseClaims())); err != nil {
		t.Fatalf("Verify: %v", err)
	}

	_, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: testIssuer, Audiences: []string{testAudience},
		JWKSFile: filepath.Join(dir, "missing.json"),
	})
	if err == nil {
		t.Fatal("New accepted a missing JWKS file")
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	base := tokenverify.Options{Issuer: testIssuer, Audiences: []string{testAudience},
		JWKSFile: "unused"}
	tests := []struct {
		name string
		mod  func(*tokenverify.Options)
	}{
		{"fail/no-issuer", func(o *tokenverify.Options) { o.Issuer = "" }},
		{"fail/no-audience", func(o *tokenverify.Options) { o.Audiences = nil }},
		{"fail/empty-audience", func(o *tokenverify.Options) { o.Audiences = []string{""} }},
		{"fail/HS256", func(o *tokenverify.Options) { o.Algorithms = []string{"HS256"} }},
		{"fail/none", func(o *tokenverify.Options) { o.Algorithms = []string{"none"} }},
		{"fail/jwks-url-scheme", func(o *tokenverify.Options) {
			o.JWKSFile, o.JWKSURL = "", "file:///etc/jwks"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			tc.mod(&o)
			if _, err := tokenverify.New(context.Background(), o); err == nil {
				t.Fatal("New accepted bad options")
			}
		})
	}
}
