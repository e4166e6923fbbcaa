package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// vegetaModule is the load generator, pinned.
const vegetaModule = "github.com/tsenart/vegeta/v12@v12.13.0"

// tools are the paths of the external programs the run drives.
type tools struct {
	nginx  string
	vegeta string
}

// ensureTools finds nginx and vegeta, installing whichever is missing.
func ensureTools(ctx context.Context) (tools, error) {
	var t tools
	var err error
	if t.nginx, err = ensureNginx(ctx); err != nil {
		return t, err
	}
	if t.vegeta, err = ensureVegeta(ctx); err != nil {
		return t, err
	}
	return t, nil
}

// ensureNginx returns nginx's path, installing Debian's nginx-light with
// apt-get when it is missing (running apt-get update first only if the
// install fails, to keep a warm machine fast).
func ensureNginx(ctx context.Context) (string, error) {
	if p, err := lookNginx(); err == nil {
		return p, nil
	}
	logf("nginx missing: apt-get install -y nginx-light")
	if err := runQuiet(ctx, "apt-get", "install", "-y", "nginx-light"); err != nil {
		logf("install failed (%v); apt-get update and retry", err)
		if err := runQuiet(ctx, "apt-get", "update"); err != nil {
			return "", fmt.Errorf("apt-get update: %w", err)
		}
		if err := runQuiet(ctx, "apt-get", "install", "-y", "nginx-light"); err != nil {
			return "", fmt.Errorf("installing nginx-light: %w", err)
		}
	}
	return lookNginx()
}

// lookNginx finds nginx on PATH or in /usr/sbin, which a non-root PATH
// often lacks.
func lookNginx() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	return exec.LookPath("/usr/sbin/nginx")
}

// ensureVegeta returns vegeta's path: on PATH, else in $(go env GOPATH)/bin,
// else installed there with go install.
func ensureVegeta(ctx context.Context) (string, error) {
	if p, err := exec.LookPath("vegeta"); err == nil {
		return p, nil
	}
	gopath, err := exec.CommandContext(ctx, "go", "env", "GOPATH").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOPATH: %w", err)
	}
	bin := filepath.Join(strings.TrimSpace(string(gopath)), "bin")
	path := filepath.Join(bin, "vegeta")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}

	logf("installing %s into %s", vegetaModule, bin)
	cmd := exec.CommandContext(ctx, "go", "install", vegetaModule)
	cmd.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %w\n%s", vegetaModule, err, out)
	}
	return path, nil
}

// runQuiet runs a command, showing its output only when it fails.
func runQuiet(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// logf prints progress to stderr, keeping stdout for the report.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
}
