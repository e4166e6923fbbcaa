package execute

import (
	"context"
	"log/slog"
	"os"
	"time"
)

// Options wires an Executor to the rest of the service. Every field may be
// left zero.
type Options struct {
	// CorrelationID reads the request's correlation id from its context.
	CorrelationID func(context.Context) string
	// Principal names the authenticated caller for audit events.
	Principal func(context.Context) string
	// Logger receives one line per failed command; nil discards.
	Logger *slog.Logger
	// Recorder counts executions (metrics).
	Recorder Recorder
	// Auditor receives one event per execution.
	Auditor Auditor
	// LookupEnv reads the environment for env() in templates; nil uses
	// os.LookupEnv. Tests inject a map.
	LookupEnv func(string) (string, bool)
	// SetupTimeout bounds connecting and running set-up statements per
	// system at Load; 0 means 30 seconds.
	SetupTimeout time.Duration
}

// Recorder counts executions. Outcome is one of the Outcome constants.
type Recorder interface {
	Executed(system, action, outcome string, d time.Duration)
}

// Auditor receives one OperationEvent per execution. Implementations must
// not block and must mask secrets in Params before publishing.
type Auditor interface {
	Operation(ctx context.Context, ev OperationEvent)
}

// OperationEvent describes one execution for the audit stream.
type OperationEvent struct {
	System     string
	ObjectType string
	Action     string
	Outcome    string
	Status     int
	Duration   time.Duration
	// Params are the request's params, unmasked.
	Params    map[string]any
	Principal string
}

// The outcomes passed to Recorder and Auditor; a fixed set for metric
// labels.
const (
	OutcomeSuccess    = "success"
	OutcomeNotFound   = "not_found"
	OutcomeInvalid    = "validation_failed"
	OutcomeUpstream   = "upstream_error"
	OutcomeTimeout    = "timeout"
	OutcomeError      = "error"
	unresolvedSystem  = "unknown"
	defaultSetupLimit = 30 * time.Second
)

type nopRecorder struct{}

func (nopRecorder) Executed(string, string, string, time.Duration) {}

type nopAuditor struct{}

func (nopAuditor) Operation(context.Context, OperationEvent) {}

func (o Options) withDefaults() Options {
	if o.CorrelationID == nil {
		o.CorrelationID = func(context.Context) string { return "" }
	}
	if o.Principal == nil {
		o.Principal = func(context.Context) string { return "" }
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Recorder == nil {
		o.Recorder = nopRecorder{}
	}
	if o.Auditor == nil {
		o.Auditor = nopAuditor{}
	}
	if o.LookupEnv == nil {
		o.LookupEnv = os.LookupEnv
	}
	if o.SetupTimeout <= 0 {
		o.SetupTimeout = defaultSetupLimit
	}
	return o
}
