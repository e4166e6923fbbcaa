package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sample is crudsvc's resident memory and goroutine count at one moment.
type sample struct {
	at         time.Time
	rssKB      int64
	goroutines int
	cpu        time.Duration // user+system CPU time used so far
}

// probe reads samples of one crudsvc process: RSS from /proc, goroutines
// from its own /metrics (open, fetched directly, not through nginx).
type probe struct {
	pid        int
	metricsURL string
	client     *http.Client
}

// take reads one sample.
func (p probe) take() (sample, error) {
	rss, err := readRSS(p.pid)
	if err != nil {
		return sample{}, err
	}
	g, err := p.goroutines()
	if err != nil {
		return sample{}, err
	}
	cpu, err := readCPU(p.pid)
	if err != nil {
		return sample{}, err
	}
	return sample{at: time.Now(), rssKB: rss, goroutines: g, cpu: cpu}, nil
}

// clockTick is USER_HZ, the unit of /proc/PID/stat times: 100 on every
// Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

// readCPU returns utime+stime of pid from /proc/PID/stat (fields 14 and
// 15, counted after the parenthesised command name, which may hold
// spaces).
func readCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading cpu time: %w", err)
	}
	_, rest, _ := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("reading cpu time: short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("reading cpu time: bad /proc/%d/stat", pid)
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// readRSS returns VmRSS of pid in kB.
func readRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading rss: %w", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("reading rss: no VmRSS for pid %d", pid)
}

// goroutines scrapes go_goroutines from the Prometheus text exposition.
func (p probe) goroutines() (int, error) {
	resp, err := p.client.Get(p.metricsURL)
	if err != nil {
		return 0, fmt.Errorf("reading goroutines: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return int(f), err
		}
	}
	return 0, fmt.Errorf("reading goroutines: no go_goroutines in %s", p.metricsURL)
}

// sampleEvery samples every interval until the returned stop is called,
// which returns what was gathered. A failed sample is skipped: the run's
// own checks catch a dead service.
func (p probe) sampleEvery(ctx context.Context, interval time.Duration) (stop func() []sample) {
	var (
		mu   sync.Mutex
		got  []sample
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if s, err := p.take(); err == nil {
				mu.Lock()
				got = append(got, s)
				mu.Unlock()
			}
		}
	}()
	return func() []sample {
		close(done)
		wg.Wait()
		return got
	}
}

// maxRSS is the largest RSS among samples, in kB.
func maxRSS(samples ...[]sample) int64 {
	var m int64
	for _, ss := range samples {
		for _, s := range ss {
			m = max(m, s.rssKB)
		}
	}
	return m
}

// maxGoroutines is the largest goroutine count among samples.
func maxGoroutines(ss []sample) int {
	m := 0
	for _, s := range ss {
		m = max(m, s.goroutines)
	}
	return m
}
