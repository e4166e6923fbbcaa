package identity

import (
	"context"
	"os"

	"github.com/crudservice/crudsvc/internal/filewatch"
)

// Watch reloads the store when a policy file changes on disk, until ctx
// ends (see package filewatch for how changes are noticed). With no file
// configured Watch returns nil at once.
func (s *Store) Watch(ctx context.Context) error {
	return filewatch.Watch(ctx, []string{s.opts.MappingsPath, s.opts.BlocklistPath}, s.opts.Debounce, s.log,
		func() { _ = s.Reload() }) // Reload logs and records the outcome
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
