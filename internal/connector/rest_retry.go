package connector

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy bounds the retries of a REST command. Only answers that say
// "try later" are retried (429, 502, 503, 504); transport errors and
// timeouts are not, since the upstream may have acted on the request.
type RetryPolicy struct {
	// Attempts is the total number of tries, first included; 0 means 3,
	// 1 disables retries.
	Attempts int
	// BaseDelay is the first back-off; it doubles per attempt. 0 means
	// 200ms.
	BaseDelay time.Duration
	// MaxDelay caps every wait, including one asked for by Retry-After.
	// 0 means 10s.
	MaxDelay time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 3
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 10 * time.Second
	}
	return p
}

// next says whether the answer to try number attempt is retried, and after
// how long.
func (p RetryPolicy) next(attempt, status int, h http.Header, now time.Time) (time.Duration, bool) {
	if attempt >= p.Attempts || !retryable(status) {
		return 0, false
	}
	if d, ok := retryAfter(h.Get("Retry-After"), now); ok {
		return min(d, p.MaxDelay), true
	}

	// Equal jitter under an exponential ceiling spreads retrying clients.
	ceiling := min(p.BaseDelay<<(attempt-1), p.MaxDelay)
	return ceiling/2 + rand.N(ceiling/2+1), true
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter reads a Retry-After value: delay seconds or an HTTP date
// (RFC 9110 section 10.2.3).
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
