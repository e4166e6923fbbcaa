package identity

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// StoreOptions configures a Store.
type StoreOptions struct {
	// MappingsPath is the CERT_IDENTITY_MAPPINGS file; empty means the
	// default mapping for every certificate.
	MappingsPath string
	// BlocklistPath is the CERT_THUMBPRINT_BLOCKLIST file; empty means
	// nothing is blocked.
	BlocklistPath string
	// Logger receives reload outcomes; nil discards them.
	Logger *slog.Logger
	// Recorder receives reload metrics; nil records nothing.
	Recorder Recorder
	// Debounce is how long Watch waits for a burst of file events to end
	// before reloading; zero means 100ms.
	Debounce time.Duration
}

// Store holds the Snapshot in force and replaces it on reload.
type Store struct {
	opts    StoreOptions
	log     *slog.Logger
	rec     Recorder
	mu      sync.Mutex // serialises reloads
	current atomic.Pointer[Snapshot]
}

// NewStore loads the mapping policy and the blocklist. A file that is
// named but missing or broken is an error naming it: at start-up there is
// no last good version to fall back to.
func NewStore(opts StoreOptions) (*Store, error) {
	s := &Store{opts: opts, log: opts.Logger, rec: opts.Recorder}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.rec == nil {
		s.rec = nopRecorder{}
	}
	if s.opts.Debounce <= 0 {
		s.opts.Debounce = 100 * time.Millisecond
	}

	var pol *Policy
	var bl *Blocklist
	var err error
	if opts.MappingsPath != "" {
		if pol, err = LoadPolicy(opts.MappingsPath); err != nil {
			return nil, fmt.Errorf("loading CERT_IDENTITY_MAPPINGS: %w", err)
		}
		s.rec.PolicyValid(FileMappings, true)
	}
	if opts.BlocklistPath != "" {
		if bl, err = LoadBlocklist(opts.BlocklistPath); err != nil {
			return nil, fmt.Errorf("loading CERT_THUMBPRINT_BLOCKLIST: %w", err)
		}
		s.rec.PolicyValid(FileBlocklist, true)
	}
	s.current.Store(NewSnapshot(pol, bl))
	return s, nil
}

// Current returns the Snapshot in force. It never returns nil and never a
// half-loaded policy.
func (s *Store) Current() *Snapshot {
	return s.current.Load()
}

// Reload re-reads both files. Each file that fails to load keeps its last
// good version in force; the failure is logged with file and line,
// recorded, and returned. The other file is still updated: a broken
// mapping policy must not hold back a new blocklist entry.
func (s *Store) Reload() error {
	s.mu.Lock()
	defer s.mu.Unlock()

	old := s.Current()
	pol, perr := reloadFile(s, FileMappings, s.opts.MappingsPath, LoadPolicy, old.policy)
	bl, berr := reloadFile(s, FileBlocklist, s.opts.BlocklistPath, LoadBlocklist, old.blocklist)
	if pol != old.policy || bl != old.blocklist {
		s.current.Store(NewSnapshot(pol, bl))
	}
	return errors.Join(perr, berr)
}

// reloadFile loads one file, returning last when it is not configured or
// fails to load.
func reloadFile[T any](s *Store, file, path string,
	load func(string) (*T, error), last *T) (*T, error) {
	if path == "" {
		return last, nil
	}
	next, err := load(path)
	if err != nil {
		s.log.Error("identity policy reload failed; last good version stays in force",
			"file", file, "path", path, "error", err.Error())
		s.rec.PolicyReload(file, OutcomeFailure)
		s.rec.PolicyValid(file, false)
		return last, err
	}
	s.log.Info("identity policy reloaded", "file", file, "path", path)
	s.rec.PolicyReload(file, OutcomeSuccess)
	s.rec.PolicyValid(file, true)
	return next, nil
}
