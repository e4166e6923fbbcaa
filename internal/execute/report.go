package execute

import (
	"context"
	"log/slog"
	"time"
)

// report records one execution in metrics, the audit stream and, when it
// failed, the log. Params are never logged; the auditor masks them.
func (x *Executor) report(ctx context.Context, req Request, sys string, d time.Duration, err error) {
	oc := outcome(err)
	status := 200
	if e, ok := err.(*Error); ok {
		status = e.Status
	} else if err != nil {
		status = 500
	}

	// Only configured names become metric labels.
	action := unresolvedSystem
	if x.knownAction(sys, req.Action) {
		action = req.Action
	}
	x.opts.Recorder.Executed(sys, action, oc, d)

	x.opts.Auditor.Operation(ctx, OperationEvent{
		System: req.System, ObjectType: req.ObjectType, Action: req.Action,
		Outcome: oc, Status: status, Duration: d, Params: req.Params,
		Principal: x.opts.Principal(ctx),
	})

	if err == nil {
		return
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	x.opts.Logger.LogAttrs(ctx, level, "execute failed",
		slog.String("correlation_id", x.opts.CorrelationID(ctx)),
		slog.String("system", clip(req.System, maxLoggedName)),
		slog.String("object_type", clip(req.ObjectType, maxLoggedName)),
		slog.String("action", clip(req.Action, maxLoggedName)),
		slog.String("outcome", oc),
		slog.Int("status", status),
		slog.Float64("duration_ms", ms(d)),
		slog.String("reason", clip(err.Error(), maxLoggedReason)),
	)
}

// Names and reasons in log lines are bounded: a caller chooses them.
const (
	maxLoggedName   = 128
	maxLoggedReason = 1024
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "...(clipped)"
}

// knownAction reports whether action is configured for the system (in any
// object type) or is the built-in ping.
func (x *Executor) knownAction(sys, action string) bool {
	s, ok := x.systems[sys]
	if !ok {
		return false
	}
	if action == PingAction {
		return true
	}
	for _, actions := range s.objectTypes {
		if _, ok := actions[action]; ok {
			return true
		}
	}
	return false
}
