package workflow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/expr-lang/expr"
)

// runNode executes one node against env, a snapshot of the run's state.
func (e *Engine) runNode(ctx context.Context, st *runState, n *Node, env evalEnv) nodeResult {
	r := nodeResult{id: n.ID}
	switch n.Type {
	case NodeAction:
		r.output, r.err = e.runAction(ctx, n, env)
	case NodeSetVariable:
		r.vars, r.err = setVariables(n, env)
		r.output = r.vars
	case NodeLog:
		r.output, r.err = e.runLog(ctx, st, n, env)
	case NodeUserInteraction:
		r.task = e.newTask(st, n)
	}
	return r
}

func (e *Engine) runAction(ctx context.Context, n *Node, env evalEnv) (any, error) {
	v, err := n.params.eval(env)
	if err != nil {
		return nil, fmt.Errorf("params: %w", err)
	}
	params, _ := v.(map[string]any)
	if e.opts.Runner == nil {
		return nil, errors.New("no action runner configured")
	}
	out, err := e.opts.Runner.RunAction(ctx, n.System, n.ObjectType, n.Action, params)
	if err != nil {
		return nil, fmt.Errorf("action %s/%s/%s: %w", n.System, n.ObjectType, n.Action, err)
	}
	return out, nil
}

// setVariables evaluates every expression against the state before the
// node, so the variables of one node do not see each other's new values.
func setVariables(n *Node, env evalEnv) (map[string]any, error) {
	names := make([]string, 0, len(n.variables))
	for name := range n.variables {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make(map[string]any, len(names))
	for _, name := range names {
		v, err := expr.Run(n.variables[name], map[string]any(env))
		if err != nil {
			return nil, fmt.Errorf("variable %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

var slogLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo,
	"warn": slog.LevelWarn, "error": slog.LevelError,
}

func (e *Engine) runLog(ctx context.Context, st *runState, n *Node, env evalEnv) (any, error) {
	v, err := n.message.eval(env)
	if err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	msg := fmt.Sprint(v)
	e.log(ctx, st).Log(ctx, slogLevels[n.Level], "workflow log", "node_id", n.ID,
		"message", msg)
	return map[string]any{"message": msg}, nil
}

func (e *Engine) newTask(st *runState, n *Node) *task {
	return &task{
		ID: e.opts.NewID(), RunID: st.ID, NodeID: n.ID, Type: n.Interaction.Type,
		Status: taskPending, Spec: n.Interaction, CreatedAt: e.opts.Now(),
	}
}

// fires reports whether the edge's condition holds in env.
func (edge *Edge) fires(env evalEnv) (bool, error) {
	if edge.program == nil {
		return true, nil
	}
	v, err := expr.Run(edge.program, map[string]any(env))
	if err != nil {
		return false, fmt.Errorf("edge %s -> %s: condition %q: %w",
			edge.From, edge.To, edge.Condition, err)
	}
	ok, _ := v.(bool)
	return ok, nil
}
