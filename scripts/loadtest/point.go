package main

import (
	"context"
	"time"
)

// point is one route measured at one concurrency, with the service's
// state before, during (every second) and after.
type point struct {
	workers int
	target  target
	m       metrics
	before  sample
	during  []sample
	after   sample
}

// measurePoint runs one attack while sampling crudsvc. Every response of
// the protected route must be a 200; the open route's failures are only
// shown in the table.
func measurePoint(ctx context.Context, s *stack, t target, workers int, d time.Duration) (point, error) {
	p := point{workers: workers, target: t}
	var err error
	if p.before, err = s.probe.take(); err != nil {
		return p, err
	}
	stop := s.probe.sampleEvery(ctx, time.Second)
	p.m, err = s.att.attack(ctx, t, workers, d)
	p.during = stop()
	if err != nil {
		return p, err
	}
	if p.after, err = s.probe.take(); err != nil {
		return p, err
	}
	if t.protected {
		return p, checkAllOK(t, workers, p.m)
	}
	return p, nil
}
