package tokenverify

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds of the background refresh interval of a remote key set.
const (
	refreshDefault = 5 * time.Minute  // when the server sends no max-age
	refreshFloor   = 30 * time.Second // a tiny max-age must not hammer the IdP
	refreshCeiling = time.Hour        // removed keys stop working within this
	fetchTimeout   = 10 * time.Second
	retryCeiling   = 5 * time.Minute // backoff bound after failed fetches
)

// errCooldown says a token-triggered refetch was refused by the cool-down.
var errCooldown = errors.New("jwks refetch skipped: within cool-down")

// keyStore holds the current key set and fetches new ones. Readers never
// block: the set is swapped atomically. Fetches are shared: callers arriving
// while one is in flight wait for its result instead of starting another.
type keyStore struct {
	src      fetcher
	now      func() time.Time
	cooldown time.Duration
	rec      Recorder
	log      *slog.Logger

	current atomic.Pointer[keySet]

	mu         sync.Mutex
	flight     *flight   // the fetch in progress, nil when none
	lastForced time.Time // start of the last token-triggered fetch
	forced     bool      // a token-triggered fetch has happened
}

// flight is one fetch that several callers may wait for.
type flight struct {
	done   chan struct{}
	maxAge time.Duration
	err    error
}

// keys returns the current key set, nil when none has loaded yet.
func (s *keyStore) keys() *keySet { return s.current.Load() }

// refetch is called when a token needs a key the current set lacks. It
// joins a fetch in flight, or starts one unless the last token-triggered
// fetch began less than a cool-down ago (SPEC 4: at most one refetch per
// cool-down), so random kids cannot make the service hammer the IdP.
func (s *keyStore) refetch(ctx context.Context) error {
	s.mu.Lock()
	f := s.flight
	if f == nil {
		now := s.now()
		if s.forced && now.Sub(s.lastForced) < s.cooldown {
			s.mu.Unlock()
			s.rec.JWKSRefresh(RefreshSkippedCooldown)
			return errCooldown
		}
		s.forced, s.lastForced = true, now
		f = s.startLocked()
	}
	s.mu.Unlock()
	return f.wait(ctx)
}

// load fetches now, sharing a fetch in flight, ignoring the cool-down. It is
// used at start-up and by the background refresher.
func (s *keyStore) load(ctx context.Context) (time.Duration, error) {
	s.mu.Lock()
	f := s.flight
	if f == nil {
		f = s.startLocked()
	}
	s.mu.Unlock()
	err := f.wait(ctx)
	return f.maxAge, err
}

// startLocked starts a fetch; s.mu must be held. The fetch runs detached
// from any caller's context, so one caller giving up does not fail the
// others, and is bounded by fetchTimeout.
func (s *keyStore) startLocked() *flight {
	f := &flight{done: make(chan struct{})}
	s.flight = f
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
		f.maxAge, f.err = s.fetchAndInstall(ctx)
		cancel()
		s.mu.Lock()
		s.flight = nil
		s.mu.Unlock()
		close(f.done)
	}()
	return f
}

// wait blocks until the fetch ends or ctx is done.
func (f *flight) wait(ctx context.Context) error {
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fetchAndInstall fetches and parses a key set and makes it current. On
// any failure the last good set stays in use (SPEC 4).
func (s *keyStore) fetchAndInstall(ctx context.Context) (time.Duration, error) {
	data, maxAge, err := s.src.fetch(ctx)
	if err != nil {
		return s.failed(err)
	}
	ks, skipped, err := parseKeySet(data)
	for _, why := range skipped {
		s.log.Debug("jwks key skipped", "reason", why)
	}
	if err != nil {
		return s.failed(err)
	}
	s.install(ks)
	s.rec.JWKSRefresh(RefreshSuccess)
	return maxAge, nil
}

func (s *keyStore) failed(err error) (time.Duration, error) {
	s.rec.JWKSRefresh(RefreshFailure)
	s.log.Warn("jwks refresh failed; keeping last good key set",
		"error", err.Error(), "has_keys", s.keys() != nil)
	return 0, err
}

// install makes ks current. A set with the same keys as the current one
// keeps its generation, so cached verifications stay valid.
func (s *keyStore) install(ks *keySet) {
	old := s.current.Load()
	if old != nil && old.fingerprint == ks.fingerprint {
		return
	}
	if old != nil {
		ks.gen = old.gen + 1
	}
	s.current.Store(ks)
	s.log.Info("jwks loaded", "key_count", len(ks.keys))
}

// refreshLoop refreshes a remote key set in the background until stop is
// closed: after max-age within [refreshFloor, refreshCeiling], or with a
// growing backoff after failures.
func (s *keyStore) refreshLoop(stop <-chan struct{}, first time.Duration) {
	next, backoff := first, s.cooldown
	for {
		t := time.NewTimer(next)
		select {
		case <-stop:
			t.Stop()
			return
		case <-t.C:
		}
		maxAge, err := s.load(context.Background())
		if err != nil {
			next, backoff = backoff, min(2*backoff, retryCeiling)
			continue
		}
		next, backoff = refreshInterval(maxAge), s.cooldown
	}
}

// refreshInterval clamps a server's max-age to the refresh bounds.
func refreshInterval(maxAge time.Duration) time.Duration {
	if maxAge <= 0 {
		return refreshDefault
	}
	return min(max(maxAge, refreshFloor), refreshCeiling)
}
