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

// TestWaitsForSlowWriter: a file written in place by a writer that pauses
// longer than the debounce is not handed over until it stops changing.
func TestWaitsForSlowWriter(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "blocklist.txt")
	os.WriteFile(target, []byte("a\nb\n"), 0o600)
	var seen atomic.Value
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- filewatch.Watch(ctx, []string{target}, 50*time.Millisecond, slog.New(slog.DiscardHandler),
			func() {
				data, _ := os.ReadFile(target)
				seen.Store(string(data))
			})
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond)

	f, err := os.OpenFile(target, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("a\n")
	time.Sleep(70 * time.Millisecond) // longer than the debounce
	if v, _ := seen.Load().(string); v == "a\n" {
		t.Fatal("the half-written file was handed over")
	}
	f.WriteString("b\nc\n")
	f.Close()

	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if v, _ := seen.Load().(string); v == "a\nb\nc\n" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("final content not handed over; last seen %q", seen.Load())
}
