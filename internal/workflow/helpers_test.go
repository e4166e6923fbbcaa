package workflow_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/workflow"
)

// fakeRunner records actions and answers from a table.
type fakeRunner struct {
	mu      sync.Mutex
	calls   []call
	fail    map[string]error // by action
	delay   time.Duration
	running int
	maxSeen int
}

type call struct {
	system, objectType, action string
	params                     map[string]any
}

func (f *fakeRunner) RunAction(ctx context.Context, system, objectType, action string,
	params map[string]any) (any, error) {
	f.mu.Lock()
	f.calls = append(f.calls, call{system, objectType, action, params})
	f.running++
	f.maxSeen = max(f.maxSeen, f.running)
	err := f.fail[action]
	f.mu.Unlock()

	time.Sleep(f.delay)

	f.mu.Lock()
	f.running--
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return map[string]any{"ok": true, "action": action}, nil
}

func (f *fakeRunner) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c.action == action {
			n++
		}
	}
	return n
}

// writeDefs writes YAML files into a fresh directory and returns it.
func writeDefs(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// harness is an engine over a SQLite store in a temp dir.
type harness struct {
	engine *workflow.Engine
	store  *workflow.Store
	runner *fakeRunner
	reg    *workflow.Registry
	dbURL  string
}

func newHarness(t *testing.T, files map[string]string) *harness {
	t.Helper()
	reg, err := workflow.Load(writeDefs(t, files))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	h := &harness{reg: reg, runner: &fakeRunner{},
		dbURL: "sqlite:" + filepath.Join(t.TempDir(), "state", "state.db")}
	h.open(t)
	return h
}

// open (re)opens the store and engine, as a restarted process would.
func (h *harness) open(t *testing.T) {
	t.Helper()
	store, err := workflow.OpenStore(context.Background(), h.dbURL)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	h.store = store
	h.engine = newEngine(t, h.reg, store, h.runner)
}

func newEngine(t *testing.T, reg *workflow.Registry, store *workflow.Store,
	runner workflow.ActionRunner) *workflow.Engine {
	t.Helper()
	e, err := workflow.NewEngine(workflow.EngineOptions{
		Registry: reg, Store: store, Runner: runner,
		Logger:        slog.New(slog.DiscardHandler),
		CorrelationID: func(context.Context) string { return "corr-1" },
	})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

func (h *harness) start(t *testing.T, name string, data map[string]any) *workflow.RunView {
	t.Helper()
	v, err := h.engine.Start(context.Background(), name, data)
	if err != nil {
		t.Fatalf("Start(%s): %v", name, err)
	}
	return v
}

// wantStatus fails unless err is a *workflow.Error with the given status.
func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	var we *workflow.Error
	if !errors.As(err, &we) {
		t.Fatalf("error = %v, want *workflow.Error with status %d", err, status)
	}
	if we.Status != status {
		t.Fatalf("status = %d (%v), want %d", we.Status, err, status)
	}
}

const approvalYAML = `
name: approve
nodes:
  - {id: start, type: START}
  - {id: ask, type: USER_INTERACTION, interaction_type: approval}
  - id: create
    type: ACTION
    system: demo
    object_type: user
    action: create
    params: {username: '${ inputs.username }'}
  - {id: rejected, type: LOG, message: 'rejected ${ inputs.username }'}
  - {id: end, type: END}
edges:
  - {from: start, to: ask}
  - {from: ask, to: create, condition: 'decision == "approve"'}
  - {from: ask, to: rejected, condition: 'decision == "reject"'}
  - {from: create, to: end}
  - {from: rejected, to: end}
`

func asError(err error, target **workflow.Error) bool { return errors.As(err, target) }
