package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// stack is the running system under test and what measures it.
type stack struct {
	svc, edge *process
	probe     probe
	att       attacker
	open      target
	protected target
}

// stop ends nginx first (no new requests), then crudsvc.
func (s *stack) stop() {
	s.edge.stop()
	s.svc.stop()
}

// run sets everything up, measures, prints the report and tears down.
func run(ctx context.Context, o options) error {
	repo, err := repoRoot(ctx)
	if err != nil {
		return err
	}
	t, err := ensureTools(ctx)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "crudsvc-load-")
	if err != nil {
		return err
	}
	if o.keep {
		defer logf("kept %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	s, err := setUp(ctx, o, repo, tmp, t)
	if err != nil {
		return err
	}
	defer s.stop()

	r := newReport(ctx, o, t)
	if err := measure(ctx, o, s, r); err != nil {
		return err
	}
	return r.write(o.out)
}

// setUp builds crudsvc, creates the keys, starts crudsvc and nginx on free
// loopback ports and proves the chain with a preflight.
func setUp(ctx context.Context, o options, repo, tmp string, t tools) (*stack, error) {
	logf("building crudsvc")
	bin, err := buildService(ctx, repo, tmp)
	if err != nil {
		return nil, err
	}
	m, err := makeMaterial(filepath.Join(tmp, "dev"))
	if err != nil {
		return nil, err
	}
	svcPort, err := freePort()
	if err != nil {
		return nil, err
	}
	edgePort, err := freePort()
	if err != nil {
		return nil, err
	}

	s := &stack{}
	env := serviceEnv(repo, tmp, svcPort, m, o.logLevel)
	if s.svc, err = startService(bin, tmp, env, svcPort, o.auditFile); err != nil {
		return nil, err
	}
	if s.edge, err = startNginx(t.nginx, tmp, o.nginxWorkers, m.dev, svcPort, edgePort); err != nil {
		s.stop()
		return nil, err
	}
	if err := preflight(m.dev, edgePort, m.token); err != nil {
		s.stop()
		return nil, err
	}
	logf("crudsvc pid %d on %s, nginx on https://localhost:%d, temp dir %s",
		s.svc.pid(), loopback(svcPort), edgePort, tmp)

	s.probe = probe{pid: s.svc.pid(), metricsURL: "http://" + loopback(svcPort) + "/metrics",
		client: &http.Client{Timeout: 5 * time.Second}}
	s.att = attacker{vegeta: t.vegeta, tmp: tmp, dev: m.dev}
	s.open, s.protected, err = writeTargets(tmp, edgePort, m.token)
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// measure runs the points, then the soak, recording into r.
func measure(ctx context.Context, o options, s *stack, r *report) error {
	first, err := s.probe.take()
	if err != nil {
		return err
	}
	r.start = first
	for _, workers := range o.concurrency {
		for _, t := range []target{s.open, s.protected} {
			logf("%s with %d workers for %s", t.route, workers, o.duration)
			p, err := measurePoint(ctx, s, t, workers, o.duration)
			if err != nil {
				return err
			}
			r.points = append(r.points, p)
		}
	}
	if o.soak > 0 {
		top := 64
		if len(o.concurrency) > 0 {
			top = o.concurrency[len(o.concurrency)-1]
		}
		logf("soak: %s with %d workers for %s", s.protected.route, top, o.soak)
		if r.soak, err = runSoak(ctx, s, top, o.soak); err != nil {
			return err
		}
	}
	time.Sleep(2 * time.Second) // let in-flight work finish before the last sample
	r.end, err = s.probe.take()
	return err
}

// repoRoot is the directory of the main module's go.mod.
func repoRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run from inside the crudsvc repository")
	}
	return filepath.Dir(mod), nil
}
