package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// report gathers what the run printed: the machine, the points, the soak.
type report struct {
	opts       options
	started    time.Time
	machine    []string // "key: value" lines
	loadBefore string
	start, end sample
	points     []point
	soak       *soakResult
}

// newReport records the machine and the load average before the run.
func newReport(ctx context.Context, o options, t tools) *report {
	r := &report{opts: o, started: time.Now(), loadBefore: loadavg()}
	r.machine = []string{
		fmt.Sprintf("CPUs (nproc): %d, %s", runtime.NumCPU(), cpuModel()),
		"Go: " + firstLine(ctx, "go", "version"),
		"nginx: " + firstLine(ctx, t.nginx, "-v"),
		"vegeta: " + moduleVersion(ctx, t.vegeta),
	}
	return r
}

// write prints the report to stdout and, with out, to that file.
func (r *report) write(out string) error {
	md := r.markdown()
	fmt.Print(md)
	if out == "" {
		return nil
	}
	return os.WriteFile(out, []byte(md), 0o644)
}

// markdown renders the whole report.
func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Load run %s\n\n", r.started.UTC().Format(time.RFC3339))
	for _, m := range r.machine {
		fmt.Fprintf(&b, "- %s\n", m)
	}
	audit := "audit.jsonl in the temp dir"
	if !r.opts.auditFile {
		audit = "/dev/null"
	}
	fmt.Fprintf(&b, "- load average before: %s; after: %s\n", r.loadBefore, loadavg())
	fmt.Fprintf(&b, "- %s per point, nginx worker_processes %s, LOG_LEVEL=%s, audit to %s\n\n",
		r.opts.duration, r.opts.nginxWorkers, r.opts.logLevel, audit)
	if len(r.points) > 0 {
		r.pointsTable(&b)
	}
	fmt.Fprintf(&b, "\ncrudsvc max RSS %s MB; goroutines %d before the first point, %d after the run.\n",
		mb(r.maxRSS()), r.start.goroutines, r.end.goroutines)
	if r.soak != nil {
		r.soak.markdown(&b)
	}
	return b.String()
}

// pointsTable renders one row per route and concurrency, the protected
// row carrying its throughput as a fraction of the open route's.
func (r *report) pointsTable(b *strings.Builder) {
	b.WriteString("| workers | route | req/s | p50 | p99 | max | success | protected/open " +
		"| crudsvc CPU/req | RSS max MB | goroutines before/max/after |\n")
	b.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	open := map[int]float64{}
	for _, p := range r.points {
		ratio := ""
		if p.target.protected && open[p.workers] > 0 {
			ratio = fmt.Sprintf("%.2f", p.m.Throughput/open[p.workers])
		} else if !p.target.protected {
			open[p.workers] = p.m.Throughput
		}
		fmt.Fprintf(b, "| %d | %s | %.0f | %s | %s | %s | %.4f | %s | %s | %s | %d/%d/%d |\n",
			p.workers, p.target.route, p.m.Throughput, ms(p.m.Latencies.P50),
			ms(p.m.Latencies.P99), ms(p.m.Latencies.Max), p.m.Success, ratio, p.cpuPerRequest(),
			mb(maxRSS(p.during, []sample{p.before, p.after})),
			p.before.goroutines, maxGoroutines(p.during), p.after.goroutines)
	}
}

// cpuPerRequest is crudsvc's CPU time (user+system, all threads) per
// request over the point, in microseconds: where the service's share of
// the machine goes, whatever the other processes are doing.
func (p point) cpuPerRequest() string {
	if p.m.Requests == 0 {
		return ""
	}
	per := (p.after.cpu - p.before.cpu) / time.Duration(p.m.Requests)
	return fmt.Sprintf("%.0f us", float64(per)/1e3)
}

// maxRSS is the largest RSS seen anywhere in the run.
func (r *report) maxRSS() int64 {
	all := [][]sample{{r.start, r.end}}
	for _, p := range r.points {
		all = append(all, p.during, []sample{p.before, p.after})
	}
	if r.soak != nil {
		all = append(all, r.soak.samples)
	}
	return maxRSS(all...)
}

// markdown renders the soak's verdict and its samples.
func (s *soakResult) markdown(b *strings.Builder) {
	fmt.Fprintf(b, "\n### Soak: POST /execute, %d workers, %s\n\n", s.workers, s.duration)
	fmt.Fprintf(b, "%d requests, %.0f req/s, p50 %s, p99 %s, success %.4f. "+
		"Samples every %s; first vs last %s window averages:\n\n",
		s.m.Requests, s.m.Throughput, ms(s.m.Latencies.P50), ms(s.m.Latencies.P99),
		s.m.Success, soakInterval, s.window)
	b.WriteString("| | first | last | grew (judged on) |\n|---|---:|---:|---|\n")
	fmt.Fprintf(b, "| RSS MB, average | %.1f | %.1f | %s |\n",
		s.rssFirst/1024, s.rssLast/1024, yesNo(s.rssGrew))
	fmt.Fprintf(b, "| goroutines, average | %.1f | %.1f | |\n", s.gorFirst, s.gorLast)
	fmt.Fprintf(b, "| goroutines, minimum | %d | %d | %s |\n",
		s.gorMinFirst, s.gorMinLast, yesNo(s.gorGrew))
	var rss, gor []string
	for _, x := range s.samples {
		rss = append(rss, mb(x.rssKB))
		gor = append(gor, fmt.Sprint(x.goroutines))
	}
	fmt.Fprintf(b, "\nRSS MB: %s\n\ngoroutines: %s\n", strings.Join(rss, " "), strings.Join(gor, " "))
}

// ms formats a latency in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

// mb formats kB as MB.
func mb(kb int64) string { return fmt.Sprintf("%.1f", float64(kb)/1024) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// loadavg is the first three fields of /proc/loadavg.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	return strings.Join(f[:min(3, len(f))], " ")
}

// cpuModel is the first model name in /proc/cpuinfo.
func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// firstLine runs a command and returns the first line it printed on
// stdout or stderr (nginx -v writes to stderr).
func firstLine(ctx context.Context, name string, args ...string) string {
	out, _ := exec.CommandContext(ctx, name, args...).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// moduleVersion is the main module version a Go binary was built from
// (vegeta -version is empty when built with go install).
func moduleVersion(ctx context.Context, bin string) string {
	out, _ := exec.CommandContext(ctx, "go", "version", "-m", bin).Output()
	for line := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "mod" {
			return f[1] + " " + f[2]
		}
	}
	return "unknown version"
}
