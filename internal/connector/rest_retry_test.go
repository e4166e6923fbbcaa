package connector

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryPolicyNext(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	p := RetryPolicy{Attempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: 5 * time.Second}

	tests := []struct {
		name       string
		attempt    int
		status     int
		retryAfter string
		again      bool
		min, max   time.Duration
	}{
		{"ok/retry_after_seconds", 1, 429, "2", true, 2 * time.Second, 2 * time.Second},
		{"ok/retry_after_date", 1, 503, now.Add(3 * time.Second).Format(http.TimeFormat),
			true, 3 * time.Second, 3 * time.Second},
		{"ok/retry_after_past_date", 1, 503, now.Add(-time.Hour).Format(http.TimeFormat),
			true, 0, 0},
		{"ok/retry_after_capped", 1, 429, "3600", true, 5 * time.Second, 5 * time.Second},
		{"ok/backoff_first", 1, 502, "", true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"ok/backoff_second", 2, 504, "", true, 100 * time.Millisecond, 200 * time.Millisecond},
		{"ok/garbage_retry_after_backs_off", 1, 503, "soon", true, 50 * time.Millisecond,
			100 * time.Millisecond},
		{"fail/attempts_spent", 3, 503, "", false, 0, 0},
		{"fail/not_retryable", 1, 500, "1", false, 0, 0},
		{"fail/success", 1, 200, "", false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.retryAfter != "" {
				h.Set("Retry-After", tc.retryAfter)
			}
			for range 20 { // jitter: every draw must stay in bounds
				d, again := p.next(tc.attempt, tc.status, h, now)
				if again != tc.again || d < tc.min || d > tc.max {
					t.Fatalf("got %v %v, want %v in [%v, %v]", d, again, tc.again, tc.min, tc.max)
				}
			}
		})
	}
}
