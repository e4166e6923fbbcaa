package main

import (
	"context"
	"time"
)

// soakInterval is how often the soak samples crudsvc.
const soakInterval = 10 * time.Second

// Growth thresholds: the last window's average may exceed the first's by
// this much before the soak calls it growth. Below them is noise from GC
// pacing and connection churn.
const (
	rssGrowthRatio      = 1.10
	goroutineGrowthAbs  = 10
	goroutineGrowthFrac = 0.10
)

// soakResult compares the first and last windows of a long protected run.
type soakResult struct {
	workers  int
	duration time.Duration
	window   time.Duration
	m        metrics
	samples  []sample
	rssFirst float64 // kB, average over the first window
	rssLast  float64
	gorFirst float64
	gorLast  float64
	// gorMinFirst and gorMinLast are the fewest goroutines in each window.
	gorMinFirst, gorMinLast int
	rssGrew                 bool
	gorGrew                 bool
}

// runSoak runs the protected route at workers for d, sampling every
// soakInterval from the first interval on (the load is running by then), and compares the first minute with the last (the first
// and last third when d is under three minutes, so the windows never
// overlap).
func runSoak(ctx context.Context, s *stack, workers int, d time.Duration) (*soakResult, error) {
	r := &soakResult{workers: workers, duration: d, window: min(time.Minute, d/3)}
	start := time.Now()
	stop := s.probe.sampleEvery(ctx, soakInterval)
	m, err := s.att.attack(ctx, s.protected, workers, d)
	r.m, r.samples = m, stop()
	if err != nil {
		return nil, err
	}
	r.compare(start, time.Now())
	return r, checkAllOK(s.protected, workers, r.m)
}

// compare averages the first and last windows and decides growth. Under
// load the goroutine count of one instant swings with in-flight requests
// (77 to 272 in one 5-minute run), so goroutine growth is judged on each
// window's minimum: a leak lifts the floor, a burst does not.
func (r *soakResult) compare(start, end time.Time) {
	var firstRSS, lastRSS, firstG, lastG, nFirst, nLast float64
	r.gorMinFirst, r.gorMinLast = 1<<31-1, 1<<31-1
	// Half an interval of slack: the ticker starts a moment after start.
	span := r.window + soakInterval/2
	for _, s := range r.samples {
		if s.at.Sub(start) <= span {
			r.gorMinFirst = min(r.gorMinFirst, s.goroutines)
			firstRSS += float64(s.rssKB)
			firstG += float64(s.goroutines)
			nFirst++
		}
		if end.Sub(s.at) <= span {
			r.gorMinLast = min(r.gorMinLast, s.goroutines)
			lastRSS += float64(s.rssKB)
			lastG += float64(s.goroutines)
			nLast++
		}
	}
	if nFirst == 0 || nLast == 0 {
		return
	}
	r.rssFirst, r.rssLast = firstRSS/nFirst, lastRSS/nLast
	r.gorFirst, r.gorLast = firstG/nFirst, lastG/nLast
	r.rssGrew = r.rssLast > r.rssFirst*rssGrowthRatio
	floor := float64(r.gorMinFirst)
	r.gorGrew = float64(r.gorMinLast) > floor+max(goroutineGrowthAbs, floor*goroutineGrowthFrac)
}
