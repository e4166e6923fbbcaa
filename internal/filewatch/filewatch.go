// Package filewatch calls a function when files change on disk, in the
// ways operators actually change them: editors rename a new file over the
// old one, and Kubernetes publishes a new ConfigMap or Secret version by
// re-pointing a "..data" symlink. It watches each file's directory, not the
// file, and debounces a burst of events into one call.
package filewatch

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch calls onChange after paths change, until ctx ends. Empty paths are
// skipped; with none left Watch returns nil at once. Errors the watcher
// reports while running are logged, not returned.
//
// A file written in place (truncated, then written) can be read half-way
// if its writer pauses. Watch therefore calls onChange only once the files'
// sizes and modification times have stayed the same for a further debounce
// interval. That narrows the window but cannot close it: files should be
// replaced atomically (write a temporary file, rename it over), as editors
// and Kubernetes do.
func Watch(ctx context.Context, paths []string, debounce time.Duration, logger *slog.Logger,
	onChange func()) error {
	targets := targetsOf(paths)
	if len(targets) == 0 {
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching files: %w", err)
	}
	defer w.Close()
	for dir := range targets {
		if err := w.Add(dir); err != nil {
			return fmt.Errorf("watching directory %s: %w", dir, err)
		}
	}

	timer := time.NewTimer(debounce)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if relevant(targets, ev) {
				timer.Reset(debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			logger.Warn("file watch error", "error", err.Error())
		case <-timer.C:
			if settled(paths, debounce) {
				onChange()
			} else {
				timer.Reset(debounce)
			}
		}
	}
}

// settled reports whether the files kept their size and modification time
// over wait, that is, no writer is still at work on them.
func settled(paths []string, wait time.Duration) bool {
	before := stamps(paths)
	time.Sleep(wait)
	return before == stamps(paths)
}

// stamps summarises the size and modification time of each file.
func stamps(paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%s:%d:%d;", p, st.Size(), st.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s:missing;", p)
		}
	}
	return b.String()
}

// targetsOf maps each directory to watch to the file names in it.
func targetsOf(paths []string) map[string]map[string]bool {
	targets := make(map[string]map[string]bool)
	for _, p := range paths {
		if p == "" {
			continue
		}
		dir, base := filepath.Split(filepath.Clean(p))
		dir = filepath.Clean(dir)
		if targets[dir] == nil {
			targets[dir] = make(map[string]bool)
		}
		targets[dir][base] = true
	}
	return targets
}

// relevant reports whether ev touches a watched file, or the "..data"
// style entries through which Kubernetes publishes a new version.
// Attribute-only changes are ignored.
func relevant(targets map[string]map[string]bool, ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	dir, base := filepath.Split(filepath.Clean(ev.Name))
	names := targets[filepath.Clean(dir)]
	return names != nil && (names[base] || strings.HasPrefix(base, ".."))
}
