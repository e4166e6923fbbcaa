package identity_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/identity"
)

// waitFor polls cond until it holds or the bounded wait ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startWatch runs s.Watch until the test ends and checks it returns nil.
func startWatch(t *testing.T, s *identity.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	// fsnotify registers the directories before Watch blocks; give the
	// goroutine a moment to get there.
	time.Sleep(50 * time.Millisecond)
}

func TestWatchReloadsReplacedFile(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:first"), "")
	rec := &fakeRecorder{}
	s, err := identity.NewStore(identity.StoreOptions{
		MappingsPath: mp, BlocklistPath: bp, Recorder: rec, Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, s)
	before := s.Current()

	// Save the way editors do: write a new file, rename it over the old.
	tmp := filepath.Join(filepath.Dir(bp), ".blocklist.tmp")
	writeFile(t, tmp, "# revoked\n"+tpPlain+"\n")
	if err := os.Rename(tmp, bp); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new blocklist", func() bool { return s.Current().Blocked(tpPlain) })
	if s.Current() == before {
		t.Error("snapshot not replaced")
	}

	// A broken write is reported and leaves the policy in force.
	rec.take()
	writeFile(t, mp, "thumbprint_map: [\n")
	waitFor(t, "the failure record", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, e := range rec.events {
			if e == "reload mappings failure" {
				return true
			}
		}
		return false
	})
	if got := mappedARN(t, s); got != "auth:first" {
		t.Errorf("ARN = %s, want the last good auth:first", got)
	}
}

// TestWatchConfigMapSwap follows how the kubelet updates a mounted
// ConfigMap: the file is a symlink through "..data", which is re-pointed
// at a new timestamped directory in one rename.
func TestWatchConfigMapSwap(t *testing.T) {
	dir := t.TempDir()
	publish := func(version, content string) {
		v := filepath.Join(dir, version)
		if err := os.Mkdir(v, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(v, "blocklist.txt"), content)
		tmpLink := filepath.Join(dir, "..data_tmp")
		if err := os.Symlink(version, tmpLink); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmpLink, filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
	}
	publish("..v1", "")
	bp := filepath.Join(dir, "blocklist.txt")
	if err := os.Symlink(filepath.Join("..data", "blocklist.txt"), bp); err != nil {
		t.Fatal(err)
	}

	s, err := identity.NewStore(identity.StoreOptions{BlocklistPath: bp, Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, s)
	publish("..v2", tpPlain+"\n")
	waitFor(t, "the swapped ConfigMap", func() bool { return s.Current().Blocked(tpPlain) })
}

func TestReloadOnSignal(t *testing.T) {
	mp, bp := policyFiles(t, mappingTo("auth:first"), "")
	s, err := identity.NewStore(identity.StoreOptions{MappingsPath: mp, BlocklistPath: bp})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal)
	done := make(chan struct{})
	go func() {
		s.ReloadOnSignal(ctx, sig)
		close(done)
	}()

	writeFile(t, bp, tpPlain+"\n")
	sig <- syscall.SIGHUP
	waitFor(t, "the reload on signal", func() bool { return s.Current().Blocked(tpPlain) })
	cancel()
	<-done
}

func TestWatchWithoutFiles(t *testing.T) {
	s, err := identity.NewStore(identity.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Watch(context.Background()); err != nil {
		t.Errorf("Watch with no files: %v", err)
	}
}
