package tokenverify

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultLeeway          = 60 * time.Second
	DefaultRefreshCooldown = 30 * time.Second
	DefaultCacheSize       = 4096
)

// Options configure a Verifier. Issuer and Audiences are required; exactly
// one key source is used: JWKSFile, else JWKSURL, else OpenID Connect
// discovery from Issuer.
type Options struct {
	// Issuer is the exact iss value required, and the base of discovery.
	Issuer string
	// Audiences lists accepted aud values; a token must name at least one.
	Audiences []string
	// JWKSURL is the key set URL; empty means discovery from Issuer.
	JWKSURL string
	// JWKSFile is a static key set file used instead of any URL. It is
	// re-read on an unknown kid, within the same cool-down.
	JWKSFile string
	// Algorithms is the alg allow-list; empty means DefaultAlgorithms.
	Algorithms []string
	// Leeway is the clock skew allowed on exp, nbf and iat. Zero means
	// DefaultLeeway; a negative value means no leeway at all.
	Leeway time.Duration
	// RefreshCooldown is the least time between two key set fetches caused
	// by tokens (unknown kid, keys missing). Zero means the default.
	RefreshCooldown time.Duration
	// CacheSize bounds the cache of verified tokens. Zero means
	// DefaultCacheSize; a negative value disables the cache.
	CacheSize int
	// HTTPClient fetches discovery and key sets; nil means a client with a
	// 10 second timeout.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives refresh events; nil discards them.
	Logger *slog.Logger
	// Recorder counts key set refreshes; nil means no recording.
	Recorder Recorder
}

// Recorder is told about key set refreshes, so that metrics can count them
// without this package importing a metrics library.
type Recorder interface {
	// JWKSRefresh is called once per refresh attempt with one of the
	// Refresh* outcomes.
	JWKSRefresh(outcome string)
}

// Outcomes passed to Recorder.JWKSRefresh.
const (
	RefreshSuccess         = "success"          // a key set was fetched and is in use
	RefreshFailure         = "failure"          // fetch or parse failed; last good set kept
	RefreshSkippedCooldown = "skipped_cooldown" // a token asked for a refetch too soon
)

type nopRecorder struct{}

func (nopRecorder) JWKSRefresh(string) {}

// withDefaults validates o and returns a copy with defaults filled in.
func (o Options) withDefaults() (Options, error) {
	if o.Issuer == "" {
		return o, errors.New("tokenverify: issuer is required")
	}
	if len(o.Audiences) == 0 || slices.Contains(o.Audiences, "") {
		return o, errors.New("tokenverify: at least one non-empty audience is required")
	}
	if len(o.Algorithms) == 0 {
		o.Algorithms = DefaultAlgorithms
	}
	for _, a := range o.Algorithms {
		if err := checkAlgorithm(a); err != nil {
			return o, err
		}
	}
	if o.JWKSURL != "" && !strings.HasPrefix(o.JWKSURL, "https://") &&
		!strings.HasPrefix(o.JWKSURL, "http://") {
		return o, fmt.Errorf("tokenverify: jwks url must be http or https")
	}
	switch {
	case o.Leeway == 0:
		o.Leeway = DefaultLeeway
	case o.Leeway < 0:
		o.Leeway = 0
	}
	if o.RefreshCooldown <= 0 {
		o.RefreshCooldown = DefaultRefreshCooldown
	}
	if o.CacheSize == 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Recorder == nil {
		o.Recorder = nopRecorder{}
	}
	return o, nil
}
