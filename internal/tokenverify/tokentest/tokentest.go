// Package tokentest runs a fake OpenID Connect issuer for tests: an
// httptest server that serves discovery metadata and a JWKS, and mints
// tokens signed with its keys.
//
// Typical use in another package's test:
//
//	iss := tokentest.NewIssuer(t)
//	v, err := tokenverify.New(ctx, tokenverify.Options{
//		Issuer: iss.URL(), Audiences: []string{"crud"},
//	})
//	tok := iss.MintBound(t, "alice", "crud", cert.Thumbprint)
//
// The issuer signs with ES256 by default; WithRS256 adds an RS256 key.
// Keys are generated per Issuer, so tests stay independent. The server is
// closed by t.Cleanup.
package tokentest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Issuer is a running fake issuer. Its methods are safe for concurrent use.
type Issuer struct {
	server *httptest.Server
	now    func() time.Time

	mu       sync.Mutex
	keys     []signingKey // published; the last ES256 key signs by default
	rotation int
	status   int // JWKS response status; 0 means 200

	jwksHits atomic.Int64
}

type signingKey struct {
	kid  string
	alg  jose.SignatureAlgorithm
	priv crypto.Signer
}

// Option configures NewIssuer.
type Option func(*config)

type config struct {
	rsa bool
	now func() time.Time
}

// WithRS256 also publishes an RSA 2048 key for MintAlg(t, "RS256", ...).
// RSA key generation takes tens of milliseconds, hence opt-in.
func WithRS256() Option { return func(c *config) { c.rsa = true } }

// WithClock sets the clock used for default iat and exp claims, to match a
// verifier's fixed clock. Default: time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// NewIssuer starts an issuer serving /.well-known/openid-configuration and
// /jwks.json with an ES256 key (kid "es256-0").
func NewIssuer(t testing.TB, opts ...Option) *Issuer {
	t.Helper()
	cfg := config{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	iss := &Issuer{now: cfg.now}
	iss.keys = append(iss.keys, newECKey(t, "es256-0"))
	if cfg.rsa {
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatalf("tokentest: generating rsa key: %v", err)
		}
		iss.keys = append(iss.keys, signingKey{kid: "rs256-0", alg: jose.RS256, priv: priv})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", iss.serveDiscovery)
	mux.HandleFunc("GET /jwks.json", iss.serveJWKS)
	iss.server = httptest.NewServer(mux)
	t.Cleanup(iss.server.Close)
	return iss
}

func newECKey(t testing.TB, kid string) signingKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("tokentest: generating ec key: %v", err)
	}
	return signingKey{kid: kid, alg: jose.ES256, priv: priv}
}

// URL is the issuer identifier: the iss of minted tokens and the base of
// discovery. Use it as tokenverify.Options.Issuer.
func (i *Issuer) URL() string { return i.server.URL }

// JWKSURL is the key set URL, for tokenverify.Options.JWKSURL.
func (i *Issuer) JWKSURL() string { return i.server.URL + "/jwks.json" }

// JWKSHits is how many times the JWKS has been requested.
func (i *Issuer) JWKSHits() int { return int(i.jwksHits.Load()) }

// SetJWKSStatus makes the JWKS endpoint answer with status (for example
// 500 to simulate an outage); 0 or 200 restores normal service.
func (i *Issuer) SetJWKSStatus(status int) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.status = status
}

// Rotate publishes a new ES256 key and makes it the signing key. The
// previous keys stay published, as real providers overlap keys; tokens
// minted before keep verifying. It returns the new kid.
func (i *Issuer) Rotate() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.rotation++
	kid := fmt.Sprintf("es256-%d", i.rotation)
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic("tokentest: generating ec key: " + err.Error())
	}
	i.keys = append(i.keys, signingKey{kid: kid, alg: jose.ES256, priv: priv})
	return kid
}

func (i *Issuer) serveDiscovery(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"issuer":   i.URL(),
		"jwks_uri": i.JWKSURL(),
	})
}

func (i *Issuer) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	i.jwksHits.Add(1)
	i.mu.Lock()
	status := i.status
	set := jose.JSONWebKeySet{}
	for _, k := range i.keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{
			Key: k.priv.Public(), KeyID: k.kid, Algorithm: string(k.alg), Use: "sig",
		})
	}
	i.mu.Unlock()
	if status != 0 && status != http.StatusOK {
		http.Error(w, "unavailable", status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(set)
}
