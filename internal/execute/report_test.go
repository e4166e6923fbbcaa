package execute_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/execute"
)

type recorded struct {
	mu     sync.Mutex
	calls  []string
	events []execute.OperationEvent
}

func (r *recorded) Executed(system, action, outcome string, _ time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, system+"/"+action+"/"+outcome)
}

func (r *recorded) Operation(_ context.Context, ev execute.OperationEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func TestReporting(t *testing.T) {
	rec := &recorded{}
	var logs bytes.Buffer
	x := load(t, writeConfig(t, map[string]string{"systems/probe.yaml": probeSystem}),
		execute.Options{
			Recorder:      rec,
			Auditor:       rec,
			Logger:        slog.New(slog.NewJSONHandler(&logs, nil)),
			CorrelationID: func(context.Context) string { return "cid-9" },
			Principal:     func(context.Context) string { return "auth:account:test:alice" },
			LookupEnv:     envMap(map[string]string{"CRUD_SYSTEM_DIR": t.TempDir()}),
		})

	requests := []execute.Request{
		{System: "probe", ObjectType: "item", Action: "put",
			Params: map[string]any{"name": "n", "password": "pw-123"}},
		{System: "probe", ObjectType: "item", Action: "put",
			Params: map[string]any{"password": "pw-123"}},
		{System: "nope", ObjectType: "item", Action: "put"},
		{System: "probe", ObjectType: "item", Action: "made-up"},
		{System: "probe", ObjectType: "item", Action: "ping"},
	}
	for _, r := range requests {
		_, _ = x.Execute(t.Context(), r)
	}

	want := []string{
		"probe/put/success", "probe/put/validation_failed", "unknown/unknown/not_found",
		"probe/unknown/not_found", "probe/ping/success",
	}
	if strings.Join(rec.calls, ",") != strings.Join(want, ",") {
		t.Fatalf("recorder got %v\nwant %v", rec.calls, want)
	}

	ev := rec.events[1]
	if ev.System != "probe" || ev.Status != 422 || ev.Outcome != "validation_failed" ||
		ev.Principal != "auth:account:test:alice" || ev.Params["password"] != "pw-123" {
		t.Fatalf("audit event %+v", ev)
	}

	out := logs.String()
	if !strings.Contains(out, `"correlation_id":"cid-9"`) || strings.Contains(out, "pw-123") {
		t.Fatalf("log lines: %s", out)
	}
}

// TestLoggedNamesBounded: names a caller sends are clipped in the log line
// of a failed command.
func TestLoggedNamesBounded(t *testing.T) {
	var logs bytes.Buffer
	x := load(t, writeConfig(t, map[string]string{"systems/probe.yaml": probeSystem}),
		execute.Options{
			Logger:    slog.New(slog.NewJSONHandler(&logs, nil)),
			LookupEnv: envMap(map[string]string{"CRUD_SYSTEM_DIR": t.TempDir()}),
		})
	long := strings.Repeat("x", 300000)
	_, _ = x.Execute(t.Context(), execute.Request{System: long, ObjectType: long, Action: long})
	if logs.Len() == 0 || logs.Len() > 8192 {
		t.Fatalf("log line of %d bytes for a 900 kB request", logs.Len())
	}
}
