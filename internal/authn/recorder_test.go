package authn_test

import (
	"sync"
	"time"
)

// countingRecorder counts what the authenticator reports.
type countingRecorder struct {
	mu        sync.Mutex
	successes int
	failures  map[string]int
	observed  map[string]int
	mismatch  int
	untrusted int
}

func (c *countingRecorder) AuthSuccess(time.Duration) { c.mu.Lock(); c.successes++; c.mu.Unlock() }
func (c *countingRecorder) AuthFailure(reason string, _ time.Duration) {
	c.mu.Lock()
	c.failures[reason]++
	c.mu.Unlock()
}
func (c *countingRecorder) PopMismatch()     { c.mu.Lock(); c.mismatch++; c.mu.Unlock() }
func (c *countingRecorder) UntrustedHeader() { c.mu.Lock(); c.untrusted++; c.mu.Unlock() }
func (c *countingRecorder) CertObserved(reason string) {
	c.mu.Lock()
	c.observed[reason]++
	c.mu.Unlock()
}

func (c *countingRecorder) snapshot() (failures, observed map[string]int, mismatch int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	failures, observed = map[string]int{}, map[string]int{}
	for k, v := range c.failures {
		failures[k] = v
	}
	for k, v := range c.observed {
		observed[k] = v
	}
	return failures, observed, c.mismatch
}
