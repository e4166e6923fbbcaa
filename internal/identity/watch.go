package identity

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch reloads the store when a policy file changes on disk, until ctx
// ends. It watches each file's directory rather than the file: editors
// save by renaming a new file over the old one and Kubernetes swaps a
// ConfigMap by re-pointing the "..data" symlink, and a watch on the old
// file would see neither. A burst of events is debounced into one reload.
// With no file configured Watch returns nil at once.
func (s *Store) Watch(ctx context.Context) error {
	targets := s.watchTargets()
	if len(targets) == 0 {
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching identity policy files: %w", err)
	}
	defer w.Close()
	for dir := range targets {
		if err := w.Add(dir); err != nil {
			return fmt.Errorf("watching identity policy directory %s: %w", dir, err)
		}
	}

	timer := time.NewTimer(s.opts.Debounce)
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
				timer.Reset(s.opts.Debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			s.log.Warn("identity policy watch error", "error", err.Error())
		case <-timer.C:
			_ = s.Reload() // logged and recorded by Reload
		}
	}
}

// watchTargets maps each watched directory to the file names in it.
func (s *Store) watchTargets() map[string]map[string]bool {
	targets := make(map[string]map[string]bool)
	for _, p := range []string{s.opts.MappingsPath, s.opts.BlocklistPath} {
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

// relevant reports whether ev touches a policy file, or the "..data"
// style entries through which Kubernetes publishes a new ConfigMap
// version. Attribute-only changes are ignored.
func relevant(targets map[string]map[string]bool, ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	dir, base := filepath.Split(filepath.Clean(ev.Name))
	names := targets[filepath.Clean(dir)]
	return names != nil && (names[base] || strings.HasPrefix(base, ".."))
}

// ReloadOnSignal reloads the store each time sig delivers, until ctx ends.
// The server passes a channel registered with signal.Notify for SIGHUP.
func (s *Store) ReloadOnSignal(ctx context.Context, sig <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case v, ok := <-sig:
			if !ok {
				return
			}
			s.log.Info("reloading identity policy on signal", "signal", v.String())
			_ = s.Reload()
		}
	}
}
