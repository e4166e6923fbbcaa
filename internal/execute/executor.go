package execute

import (
	"context"
	"errors"
	"sort"
	"time"
)

// Executor runs commands against the loaded systems. It is safe for
// concurrent use.
type Executor struct {
	systems map[string]*system
	opts    Options
}

// Execute runs req and returns its result, or an *Error that carries the
// HTTP status, code and client-safe message.
func (x *Executor) Execute(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	res, sysName, err := x.run(ctx, req)
	d := time.Since(start)

	if res != nil {
		res.Meta.DurationMS = float64(d.Microseconds()) / 1000
	}
	x.report(ctx, req, sysName, d, err)
	return res, err
}

// run resolves the command, renders it and runs it.
func (x *Executor) run(ctx context.Context, req Request) (*Result, string, error) {
	if fields := checkRequest(req); len(fields) > 0 {
		return nil, unresolvedSystem, invalid(fields...)
	}
	sys, ok := x.systems[req.System]
	if !ok {
		return nil, unresolvedSystem, notFound("no system named %q", req.System)
	}
	meta := Meta{System: req.System, ObjectType: req.ObjectType, Action: req.Action}

	if req.Action == PingAction {
		latency, err := sys.ping(ctx)
		if err != nil {
			return nil, sys.name, upstreamError(err)
		}
		data := map[string]any{"success": true, "latency_ms": ms(latency)}
		return &Result{Data: data, Meta: meta}, sys.name, nil
	}

	cmd, err := sys.command(req.ObjectType, req.Action)
	if err != nil {
		return nil, sys.name, err
	}
	if fields := cmd.missing(req.Params); len(fields) > 0 {
		return nil, sys.name, invalid(fields...)
	}

	out, err := sys.execute(ctx, cmd, req)
	if err != nil {
		return nil, sys.name, err
	}
	meta.RowsAffected = out.RowsAffected
	return &Result{Data: out.Data, Meta: meta}, sys.name, nil
}

// checkRequest lists the missing members of a request.
func checkRequest(req Request) []FieldError {
	var fields []FieldError
	for _, f := range []struct{ name, value string }{
		{"system", req.System}, {"object_type", req.ObjectType}, {"action", req.Action},
	} {
		if f.value == "" {
			fields = append(fields, FieldError{Field: f.name, Message: "is required"})
		}
	}
	return fields
}

// Systems returns the names of the loaded systems, sorted.
func (x *Executor) Systems() []string {
	names := make([]string, 0, len(x.systems))
	for n := range x.systems {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// PingSystem runs the connectivity check of one system and returns its
// latency. The health endpoint builds one check per system from it.
func (x *Executor) PingSystem(ctx context.Context, name string) (time.Duration, error) {
	sys, ok := x.systems[name]
	if !ok {
		return 0, notFound("no system named %q", name)
	}
	d, err := sys.ping(ctx)
	if err != nil {
		return d, upstreamError(err)
	}
	return d, nil
}

// Ping checks every system and returns the failures by system name; an
// empty map means all are reachable.
func (x *Executor) Ping(ctx context.Context) map[string]error {
	failed := map[string]error{}
	for _, name := range x.Systems() {
		if _, err := x.PingSystem(ctx, name); err != nil {
			failed[name] = err
		}
	}
	return failed
}

// Close closes every system's connection pool.
func (x *Executor) Close() error {
	var errs []error
	for _, s := range x.systems {
		if s.conn != nil {
			errs = append(errs, s.conn.Close())
		}
	}
	return errors.Join(errs...)
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// RunAction runs one action and returns its data alone. It lets workflow
// ACTION nodes use the Executor directly (workflow.ActionRunner); errors
// are the same *Error values as Execute's.
func (x *Executor) RunAction(ctx context.Context, system, objectType, action string,
	params map[string]any) (any, error) {
	res, err := x.Execute(ctx, Request{
		System: system, ObjectType: objectType, Action: action, Params: params,
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}
