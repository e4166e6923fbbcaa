package workflow

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/google/uuid"
)

// ActionRunner runs one CRUD action for an ACTION node. The wiring layer
// adapts the /execute executor to it. An error fails the ACTION node and
// with it the run.
type ActionRunner interface {
	RunAction(ctx context.Context, system, objectType, action string,
		params map[string]any) (any, error)
}

// Recorder receives workflow state changes for the audit stream.
type Recorder interface {
	// StateChanged reports that run execID of workflow entered status.
	StateChanged(ctx context.Context, execID, workflow, status string)
}

type nopRecorder struct{}

func (nopRecorder) StateChanged(context.Context, string, string, string) {}

// Defaults of EngineOptions.
const (
	DefaultParallelism = 4
	DefaultMaxSteps    = 1000
)

// EngineOptions configures an Engine. Registry and Store are required.
type EngineOptions struct {
	// Registry holds the workflow definitions.
	Registry *Registry
	// Store keeps run state.
	Store *Store
	// Runner runs ACTION nodes; without it every ACTION node fails.
	Runner ActionRunner
	// Logger receives LOG nodes and engine events; default slog.Default().
	Logger *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Recorder receives state changes; default a no-op.
	Recorder Recorder
	// CorrelationID returns the request's correlation id; default "".
	CorrelationID func(context.Context) string
	// BaseURL prefixes the resume URL in waiting answers; default "" gives a
	// path relative to the service root.
	BaseURL string
	// Parallelism bounds the nodes of one run that execute at once;
	// default DefaultParallelism.
	Parallelism int
	// MaxSteps bounds the node executions of one run, so a loop whose exit
	// is never taken fails instead of spinning; default DefaultMaxSteps.
	MaxSteps int
	// NewID makes execution and task ids; default random UUIDs.
	NewID func() string
}

// Engine starts, advances and reports workflow runs.
type Engine struct {
	opts EngineOptions
}

// NewEngine checks opts and fills in defaults.
func NewEngine(opts EngineOptions) (*Engine, error) {
	if opts.Registry == nil {
		return nil, errors.New("workflow: engine needs a registry")
	}
	if opts.Store == nil {
		return nil, errors.New("workflow: engine needs a store")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Recorder == nil {
		opts.Recorder = nopRecorder{}
	}
	if opts.CorrelationID == nil {
		opts.CorrelationID = func(context.Context) string { return "" }
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = DefaultParallelism
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.NewID == nil {
		opts.NewID = func() string { return uuid.NewString() }
	}
	return &Engine{opts: opts}, nil
}

// CorrelationID returns the correlation id of ctx per the engine's options.
func (e *Engine) CorrelationID(ctx context.Context) string {
	return e.opts.CorrelationID(ctx)
}

// Start validates data against the workflow's inputs, creates a run and
// advances it until it completes, fails or waits for a person.
func (e *Engine) Start(ctx context.Context, name string, data map[string]any) (*RunView, error) {
	def, ok := e.opts.Registry.Get(name)
	if !ok {
		return nil, fail(ErrUnknownWorkflow, "unknown workflow %q", name)
	}
	if data == nil {
		data = map[string]any{}
	}
	if err := checkData(def.Inputs, data, false); err != nil {
		return nil, fail(ErrInvalidData, "inputs: %v", err)
	}

	now := e.opts.Now()
	st := &runState{
		ID: e.opts.NewID(), Workflow: name, Status: StatusRunning, Version: 1,
		Inputs: data, Vars: map[string]any{}, Nodes: map[string]*nodeState{},
		CreatedAt: now, UpdatedAt: now,
	}
	st.node(def.Start).Status = nodeReady
	if err := e.opts.Store.createRun(ctx, st); err != nil {
		return nil, internal(err)
	}
	e.opts.Recorder.StateChanged(ctx, st.ID, name, StatusRunning)
	e.log(ctx, st).Info("workflow started")
	return e.advanceAndView(ctx, def, st)
}

// Status reports a run with every node's state.
func (e *Engine) Status(ctx context.Context, execID string) (*StatusView, error) {
	st, err := e.opts.Store.loadRun(ctx, execID)
	if errors.Is(err, errNotFound) {
		return nil, fail(ErrUnknownExecution, "unknown execution %q", execID)
	}
	if err != nil {
		return nil, internal(err)
	}
	pending, err := e.opts.Store.pendingTasks(ctx, st.ID)
	if err != nil {
		return nil, internal(err)
	}
	sv := &StatusView{RunView: *e.view(st, pending), Nodes: map[string]NodeView{},
		CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
	for id, ns := range st.Nodes {
		sv.Nodes[id] = NodeView{Status: ns.Status, Runs: ns.Runs, Error: ns.Error}
	}
	return sv, nil
}

// advanceAndView runs st on and describes where it stopped.
func (e *Engine) advanceAndView(ctx context.Context, def *Definition,
	st *runState) (*RunView, error) {
	if err := e.advance(ctx, def, st); err != nil {
		if errors.Is(err, errStale) {
			return nil, fail(ErrStaleVersion, "run %s was changed concurrently", st.ID)
		}
		return nil, internal(err)
	}
	pending, err := e.opts.Store.pendingTasks(ctx, st.ID)
	if err != nil {
		return nil, internal(err)
	}
	return e.view(st, pending), nil
}

func (e *Engine) log(ctx context.Context, st *runState) *slog.Logger {
	l := e.opts.Logger.With("execution_id", st.ID, "workflow", st.Workflow)
	if id := e.opts.CorrelationID(ctx); id != "" {
		l = l.With("correlation_id", id)
	}
	return l
}
