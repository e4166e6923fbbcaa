package tokenverify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/go-jose/go-jose/v4"
)

const (
	testIssuer   = "https://issuer.example"
	testAudience = "crud"
)

// t0 is the fixed time of the test clock.
var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testKeys are generated once per test binary: RSA generation is slow.
type testKeys struct {
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
	ed  ed25519.PrivateKey
}

var (
	keysOnce sync.Once
	keys     testKeys
)

func getKeys(t testing.TB) testKeys {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if keys.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if keys.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		if _, keys.ed, err = ed25519.GenerateKey(rand.Reader); err != nil {
			panic(err)
		}
	})
	return keys
}

// standardJWKS publishes the test keys: RSA twice (kid "rsa" restricted to
// RS256, kid "rsa-any" unrestricted), EC as "ec" (ES256) and Ed25519 as
// "ed" without alg.
func standardJWKS(t testing.TB) []byte {
	k := getKeys(t)
	return jwksJSON(t,
		jose.JSONWebKey{Key: k.rsa.Public(), KeyID: "rsa", Algorithm: "RS256", Use: "sig"},
		jose.JSONWebKey{Key: k.rsa.Public(), KeyID: "rsa-any"},
		jose.JSONWebKey{Key: k.ec.Public(), KeyID: "ec", Algorithm: "ES256", Use: "sig"},
		jose.JSONWebKey{Key: k.ed.Public(), KeyID: "ed"},
	)
}

func jwksJSON(t testing.TB, ks ...jose.JSONWebKey) []byte {
	t.Helper()
	data, err := json.Marshal(jose.JSONWebKeySet{Keys: ks})
	if err != nil {
		t.Fatalf("encoding jwks: %v", err)
	}
	return data
}

// jwksServer serves a mutable JWKS body and status, counting hits.
type jwksServer struct {
	*httptest.Server
	hits   atomic.Int64
	mu     sync.Mutex
	body   []byte
	status int
}

func newJWKSServer(t testing.TB, body []byte) *jwksServer {
	s := &jwksServer{body: body, status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		body, status := s.body, s.status
		s.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body = status, body
}

// newVerifier makes a verifier on the fixed clock against url.
func newVerifier(t testing.TB, url string, c *clock, mod func(*tokenverify.Options)) *tokenverify.Verifier {
	t.Helper()
	opts := tokenverify.Options{
		Issuer:    testIssuer,
		Audiences: []string{"other", testAudience},
		JWKSURL:   url,
		Now:       c.Now,
	}
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

// baseClaims are valid claims at t0.
func baseClaims() map[string]any {
	return map[string]any{
		"iss": testIssuer,
		"sub": "alice",
		"aud": testAudience,
		"iat": t0.Unix(),
		"exp": t0.Add(5 * time.Minute).Unix(),
	}
}

// with returns baseClaims changed by kv pairs; a nil value deletes.
func with(kv ...any) map[string]any {
	c := baseClaims()
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(c, kv[i].(string))
			continue
		}
		c[kv[i].(string)] = kv[i+1]
	}
	return c
}

// sign makes a compact JWS of claims with key under alg, with kid when set.
func sign(t testing.TB, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatalf("encoding claims: %v", err)
	}
	return signPayload(t, alg, key, kid, payload)
}

// signPayload makes a compact JWS of arbitrary payload bytes.
func signPayload(t testing.TB, alg jose.SignatureAlgorithm, key any, kid string, payload []byte) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatalf("signer: %v", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	tok, err := jws.CompactSerialize()
	if err != nil {
		t.Fatalf("serializing: %v", err)
	}
	return tok
}

// rawToken assembles a token from a header and claims without signing.
func rawToken(t testing.TB, header, claims map[string]any, sig string) string {
	t.Helper()
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(h) + "." + enc.EncodeToString(c) + "." + sig
}
