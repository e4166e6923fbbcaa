package identity_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

// fakeRecorder keeps what the store reported, in order.
type fakeRecorder struct {
	mu     sync.Mutex
	events []string
}

func (r *fakeRecorder) PolicyReload(file, outcome string) { r.add("reload " + file + " " + outcome) }
func (r *fakeRecorder) PolicyValid(file string, ok bool)  { r.add(fmt.Sprintf("valid %s %v", file, ok)) }

func (r *fakeRecorder) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *fakeRecorder) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := strings.Join(r.events, "; ")
	r.events = nil
	return s
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func mappingTo(arn string) string {
	return "thumbprint_map:\n  " + tpMapped + ": " + arn + "\n" +
		"constraints:\n  allowed_issuers: [\"cn=test root ca, o=test org\"]\n"
}

// policyFiles writes a mapping policy and a blocklist into a new directory.
func policyFiles(t testing.TB, mapping, blocklist string) (mappingsPath, blocklistPath string) {
	dir := t.TempDir()
	mappingsPath = filepath.Join(dir, "cert_identity_mappings.yaml")
	blocklistPath = filepath.Join(dir, "cert_thumbprint_blocklist.txt")
	writeFile(t, mappingsPath, mapping)
	writeFile(t, blocklistPath, blocklist)
	return mappingsPath, blocklistPath
}

func mappedARN(t testing.TB, s *identity.Store) string {
	t.Helper()
	m, err := s.Current().Map(newCert(func(c *clientcert.Certificate) { c.Thumbprint = tpMapped }), testNow)
	if err != nil {
		t.Fatal(err)
	}
	return m.ARN
}

func TestNewStoreWithoutFiles(t *testing.T) {
	s, err := identity.NewStore(identity.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := mappedARN(t, s); got != "auth:account:x509:sha256:"+tpMapped {
		t.Errorf("ARN = %s, want the default", got)
	}
	if s.Current().Blocked(tpPlain) {
		t.Error("Blocked with no blocklist")
	}
	if err := s.Reload(); err != nil {
		t.Errorf("Reload with no files: %v", err)
	}
}

func TestNewStoreRefusesBadFiles(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:a"), "")
	missing := filepath.Join(t.TempDir(), "absent.yaml")
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	writeFile(t, broken, "rules:\n  - name: r\n    typo: 1\n")
	tests := []struct {
		name string
		opts identity.StoreOptions
		want string
	}{
		{"fail/missing_mappings", identity.StoreOptions{MappingsPath: missing, BlocklistPath: bp}, missing},
		{"fail/missing_blocklist", identity.StoreOptions{MappingsPath: mp, BlocklistPath: missing}, missing},
		{"fail/broken_mappings", identity.StoreOptions{MappingsPath: broken}, broken + ":3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := identity.NewStore(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewStore error = %v, want it to name %s", err, tt.want)
			}
		})
	}
}

func TestReloadKeepsLastGoodFile(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:first"), "")
	rec := &fakeRecorder{}
	s, err := identity.NewStore(identity.StoreOptions{MappingsPath: mp, BlocklistPath: bp, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); got != "valid mappings true; valid blocklist true" {
		t.Errorf("start-up records %q", got)
	}

	// A broken policy stays out, but the new blocklist entry still lands.
	writeFile(t, mp, "thumbprint_map:\n  nope: auth:second\n")
	writeFile(t, bp, tpPlain+"\n")
	err = s.Reload()
	if err == nil || !strings.Contains(err.Error(), mp+":2:") {
		t.Errorf("Reload error = %v, want it to name %s:2", err, mp)
	}
	if got := mappedARN(t, s); got != "auth:first" {
		t.Errorf("ARN after broken reload = %s, want the last good auth:first", got)
	}
	if !s.Current().Blocked(tpPlain) {
		t.Error("blocklist not updated alongside a broken policy")
	}
	want := "reload mappings failure; valid mappings false; reload blocklist success; valid blocklist true"
	if got := rec.take(); got != want {
		t.Errorf("records %q, want %q", got, want)
	}

	writeFile(t, mp, mappingTo("auth:third"))
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := mappedARN(t, s); got != "auth:third" {
		t.Errorf("ARN after fixed reload = %s, want auth:third", got)
	}
}

func TestReloadDeletedFileKeepsLastGood(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:first"), tpPlain+"\n")
	s, err := identity.NewStore(identity.StoreOptions{MappingsPath: mp, BlocklistPath: bp})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(bp); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Reload error = %v, want ErrNotExist", err)
	}
	if !s.Current().Blocked(tpPlain) {
		t.Error("deleting the blocklist file unblocked a certificate")
	}
}

// TestReloadConcurrentReaders runs with -race: readers must always see a
// policy and blocklist that were loaded together.
func TestReloadConcurrentReaders(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:a"), "")
	s, err := identity.NewStore(identity.StoreOptions{MappingsPath: mp, BlocklistPath: bp})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- readUntil(stop, s)
		}()
	}

	for i := range 60 {
		switch i % 3 {
		case 0:
			writeFile(t, mp, mappingTo("auth:b"))
			writeFile(t, bp, tpPlain+"\n")
		case 1:
			writeFile(t, mp, "rules: {broken\n")
		case 2:
			writeFile(t, mp, mappingTo("auth:a"))
			writeFile(t, bp, "")
		}
		_ = s.Reload()
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// readUntil maps a certificate in a loop and checks that each snapshot is
// one of the two consistent states the writer produces.
func readUntil(stop <-chan struct{}, s *identity.Store) error {
	c := newCert(func(c *clientcert.Certificate) { c.Thumbprint = tpMapped })
	for {
		select {
		case <-stop:
			return nil
		default:
		}
		snap := s.Current()
		m, err := snap.Map(c, testNow)
		if err != nil {
			return err
		}
		if (m.ARN == "auth:b") != snap.Blocked(tpPlain) {
			return fmt.Errorf("half-loaded snapshot: ARN %s with blocked=%v", m.ARN, snap.Blocked(tpPlain))
		}
	}
}
