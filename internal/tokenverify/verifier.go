package tokenverify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Verifier verifies tokens of one issuer. It is safe for concurrent use.
type Verifier struct {
	opts  Options
	algs  []jose.SignatureAlgorithm
	store *keyStore
	cache *tokenCache

	stop      chan struct{}
	closeOnce sync.Once
}

// New returns a Verifier for opts. It loads the key set once, bounded by
// ctx. A JWKS_FILE that cannot be read or parsed, and a discovery document
// naming another issuer, are errors. A remote key set that cannot be
// fetched (IdP down, bad response) is not: New logs it and returns a
// Verifier that keeps trying in the background and on demand, refusing
// tokens with check keys_unavailable until keys arrive. Close stops the
// background refresh.
func New(ctx context.Context, opts Options) (*Verifier, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	v := &Verifier{opts: opts, cache: newTokenCache(opts.CacheSize), stop: make(chan struct{})}
	for _, a := range opts.Algorithms {
		v.algs = append(v.algs, jose.SignatureAlgorithm(a))
	}
	v.store = &keyStore{
		src: sourceFor(opts), now: opts.Now, cooldown: opts.RefreshCooldown,
		rec: opts.Recorder, log: opts.Logger,
	}
	maxAge, err := v.store.load(ctx)
	if err != nil {
		if !v.store.src.remote() || errors.Is(err, errIssuerMismatch) {
			return nil, fmt.Errorf("tokenverify: loading keys: %w", err)
		}
		opts.Logger.Warn("jwks unavailable at start; will retry", "error", err.Error())
	}
	if v.store.src.remote() {
		first := refreshInterval(maxAge)
		if err != nil {
			first = opts.RefreshCooldown
		}
		go v.store.refreshLoop(v.stop, first)
	}
	return v, nil
}

// sourceFor picks the key source: file, URL, else discovery.
func sourceFor(o Options) fetcher {
	switch {
	case o.JWKSFile != "":
		return fileFetcher{path: o.JWKSFile}
	case o.JWKSURL != "":
		return urlFetcher{client: o.HTTPClient, url: o.JWKSURL}
	}
	return &discoveryFetcher{client: o.HTTPClient, issuer: o.Issuer}
}

// Close stops the background refresh. Verify keeps working with the keys
// already loaded.
func (v *Verifier) Close() error {
	v.closeOnce.Do(func() { close(v.stop) })
	return nil
}

// Verify checks token and returns its claims. Every refusal is an
// *InvalidError; the only other errors are ctx errors while waiting for a
// key set fetch.
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	if len(token) > maxTokenBytes {
		return nil, invalid(CheckFormat, "token longer than %d bytes", maxTokenBytes)
	}
	now := v.opts.Now()

	// A cache hit is a byte-identical token that passed every check below
	// under the current key set; only its time claims can have changed.
	key := cacheKey(token)
	if ks := v.store.keys(); ks != nil {
		if c, ok := v.cache.get(key, ks.gen); ok {
			return v.cachedClaims(key, c, now)
		}
	}

	if err := checkCompact(token); err != nil {
		return nil, err
	}

	payload, gen, err := v.verifySignature(ctx, token)
	if err != nil {
		return nil, err
	}
	c, err := parseClaims(payload)
	if err != nil {
		return nil, err
	}
	if err := v.checkClaims(c, now); err != nil {
		return nil, err
	}
	v.cache.add(key, c, gen)
	return copyClaims(c), nil
}

// cachedClaims re-checks the time claims of a cache hit.
func (v *Verifier) cachedClaims(key [32]byte, c *Claims, now time.Time) (*Claims, error) {
	if err := v.checkTimes(c, now); err != nil {
		if err.Check == CheckExpired {
			v.cache.remove(key)
		}
		return nil, err
	}
	return copyClaims(c), nil
}

// copyClaims returns a shallow copy so callers cannot alter cached fields.
func copyClaims(c *Claims) *Claims {
	out := *c
	if c.Confirmation != nil {
		cnf := *c.Confirmation
		out.Confirmation = &cnf
	}
	return &out
}

// checkClaims runs the claim checks of RFC 7519 section 7.2 and
// RFC 8725 section 3.8-3.9 in a fixed order.
func (v *Verifier) checkClaims(c *Claims, now time.Time) error {
	// iss: exact string equality, no normalisation (RFC 8725 section 3.8).
	if c.Issuer != v.opts.Issuer {
		return invalid(CheckIssuer, "iss %q is not the configured issuer", clip(c.Issuer))
	}

	// aud: a token for another service must not be accepted here
	// (RFC 8725 section 3.9).
	if !slices.ContainsFunc(c.Audience, func(a string) bool {
		return slices.Contains(v.opts.Audiences, a)
	}) {
		return invalid(CheckAudience, "aud names no configured audience")
	}

	if err := v.checkTimes(c, now); err != nil {
		return err
	}
	return nil
}

// checkTimes checks exp, nbf and iat against now with the leeway.
func (v *Verifier) checkTimes(c *Claims, now time.Time) *InvalidError {
	leeway := v.opts.Leeway
	if !now.Before(c.Expiry.Add(leeway)) {
		return invalid(CheckExpired, "token expired at %s", c.Expiry.UTC().Format(time.RFC3339))
	}
	if !c.NotBefore.IsZero() && now.Add(leeway).Before(c.NotBefore) {
		return invalid(CheckNotYetValid, "token not valid before %s",
			c.NotBefore.UTC().Format(time.RFC3339))
	}
	if !c.IssuedAt.IsZero() && c.IssuedAt.After(now.Add(leeway)) {
		return invalid(CheckIssuedInFuture, "token issued in the future at %s",
			c.IssuedAt.UTC().Format(time.RFC3339))
	}
	return nil
}
