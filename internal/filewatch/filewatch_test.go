package filewatch_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/filewatch"
)

// TestRenameOverAndBurst: a file replaced by rename is noticed, a burst of
// writes gives one call, and other files in the directory are ignored.
func TestRenameOverAndBurst(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "ca.crt")
	os.WriteFile(target, []byte("v1"), 0o600)
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- filewatch.Watch(ctx, []string{target, ""}, 50*time.Millisecond, slog.New(slog.DiscardHandler),
			func() { calls.Add(1) })
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond) // let the watcher register

	os.WriteFile(filepath.Join(dir, "unrelated.txt"), []byte("x"), 0o600)
	tmp := filepath.Join(dir, ".ca.crt.tmp")
	os.WriteFile(tmp, []byte("v2"), 0o600)
	os.Rename(tmp, target)
	for i := 0; i < 5; i++ {
		os.WriteFile(target, []byte("v3"), 0o600)
	}
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // any extra call from the burst would land by now
	if got := calls.Load(); got != 1 {
		t.Fatalf("onChange called %d times, want 1", got)
	}
}

func TestNoPaths(t *testing.T) {
	if err := filewatch.Watch(context.Background(), []string{""}, time.Millisecond,
		slog.New(slog.DiscardHandler), func() {}); err != nil {
		t.Fatal(err)
	}
}
