package workflow

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// nodeResult is what running one node produced.
type nodeResult struct {
	id      string
	output  any
	vars    map[string]any
	task    *task
	err     error
	resumed bool // a task was resumed: the node ran before, count it once
}

// advance runs waves of ready nodes until none is ready, saving the run
// after every wave, then settles and saves the run's status.
func (e *Engine) advance(ctx context.Context, def *Definition, st *runState) error {
	for st.Status == StatusRunning {
		ready := st.ready()
		if len(ready) == 0 {
			break
		}
		if st.steps()+len(ready) > e.opts.MaxSteps {
			st.Status = StatusFailed
			st.Error = fmt.Sprintf("step limit of %d node runs exceeded", e.opts.MaxSteps)
			break
		}

		results := e.runWave(ctx, def, st, ready)
		e.apply(def, st, results)
		st.UpdatedAt = e.opts.Now()
		if st.Status == StatusRunning {
			if err := e.opts.Store.saveRun(ctx, st); err != nil {
				return err
			}
		}
	}
	return e.settle(ctx, def, st)
}

// settle decides the run's status once nothing is ready, saves it and
// reports the change.
func (e *Engine) settle(ctx context.Context, def *Definition, st *runState) error {
	if st.Status == StatusRunning {
		st.Status, st.Error = settledStatus(def, st)
	}
	st.UpdatedAt = e.opts.Now()
	if err := e.opts.Store.saveRun(ctx, st); err != nil {
		return err
	}
	if st.Status == StatusFailed {
		if err := e.opts.Store.cancelTasks(ctx, st.ID, st.UpdatedAt); err != nil {
			return err
		}
	}
	e.opts.Recorder.StateChanged(ctx, st.ID, st.Workflow, st.Status)
	e.log(ctx, st).Info("workflow "+st.Status, "state_version", st.Version)
	return nil
}

// settledStatus: waiting while any task is open, completed once an END has
// run, otherwise failed because no edge led on.
func settledStatus(def *Definition, st *runState) (string, string) {
	ended := false
	for id, ns := range st.Nodes {
		switch {
		case ns.Status == nodeWaiting:
			return StatusWaiting, ""
		case ns.Status == nodeCompleted && def.Nodes[id].Type == NodeEnd:
			ended = true
		}
	}
	if ended {
		return StatusCompleted, ""
	}
	slices.Sort(st.stuck)
	return StatusFailed, "no edge condition was true after " + strings.Join(st.stuck, ", ")
}

// runWave runs the ready nodes concurrently, at most Parallelism at once,
// against one snapshot of the run's state.
func (e *Engine) runWave(ctx context.Context, def *Definition, st *runState,
	ready []string) []nodeResult {
	env := st.env()
	results := make([]nodeResult, len(ready))
	sem := make(chan struct{}, e.opts.Parallelism)
	var wg sync.WaitGroup
	for i, id := range ready {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = e.runNode(ctx, st, def.Nodes[id], env)
		}()
	}
	wg.Wait()
	return results
}

// apply records the wave's results in ready order, then fires the edges of
// every node that completed. A failed node fails the run.
func (e *Engine) apply(def *Definition, st *runState, results []nodeResult) {
	now := e.opts.Now()
	var completed []string
	for _, r := range results {
		ns := st.node(r.id)
		ns.UpdatedAt = now
		if !r.resumed {
			ns.Runs++
		}
		switch {
		case r.err != nil:
			ns.Status, ns.Error = nodeFailed, r.err.Error()
			st.Status = StatusFailed
			st.Error = fmt.Sprintf("node %s: %v", r.id, r.err)
		case r.task != nil:
			ns.Status, ns.Output, ns.Error = nodeWaiting, nil, ""
			st.newTasks = append(st.newTasks, r.task)
		default:
			ns.Status, ns.Output, ns.Error = nodeCompleted, r.output, ""
			maps.Copy(st.Vars, r.vars)
			completed = append(completed, r.id)
		}
	}
	if st.Status != StatusRunning {
		return
	}
	if err := fireEdges(def, st, completed); err != nil {
		st.Status, st.Error = StatusFailed, err.Error()
	}
}

// fireEdges evaluates the outgoing edges of the completed nodes against the
// state after the wave and marks the target of every true edge ready. A
// target made ready by several edges runs once.
func fireEdges(def *Definition, st *runState, completed []string) error {
	env := st.env()
	for _, id := range completed {
		fired := false
		for _, edge := range def.outgoing[id] {
			ok, err := edge.fires(env)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			fired = true
			if target := st.node(edge.To); target.Status != nodeWaiting {
				target.Status = nodeReady
			}
		}
		if !fired && def.Nodes[id].Type != NodeEnd {
			st.stuck = append(st.stuck, id)
		}
	}
	return nil
}
