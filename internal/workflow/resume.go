package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// ResumeRequest is a person's answer to a task.
type ResumeRequest struct {
	// Decision is one of the approval's allowed decisions.
	Decision string `json:"decision"`
	// Data is the filled-in form.
	Data map[string]any `json:"data"`
	// IdempotencyKey makes a retried request return the first answer
	// instead of failing with 409. Optional.
	IdempotencyKey string `json:"idempotency_key"`
}

// formDecision is the decision recorded for a submitted form.
const formDecision = "submit"

// Resume answers task taskID and advances its run. ifMatch is the run's
// state version the caller saw (plain "3" or ETag form "3", W/"3").
// The checks, in order: known task (404); a repeated idempotency key
// returns the stored answer; task pending (409); version given (428) and
// current (412); decision or form data valid (422). Claiming the task is
// atomic, so of concurrent resumes exactly one proceeds.
func (e *Engine) Resume(ctx context.Context, taskID, ifMatch string,
	req ResumeRequest) (*RunView, error) {
	t, err := e.opts.Store.getTask(ctx, taskID)
	if errors.Is(err, errNotFound) {
		return nil, fail(ErrUnknownTask, "unknown task %q", taskID)
	}
	if err != nil {
		return nil, internal(err)
	}
	if v, err := e.replay(ctx, t, req.IdempotencyKey); v != nil || err != nil {
		return v, err
	}
	if t.Status != taskPending {
		return nil, fail(ErrTaskNotPending, "task %s is %s", t.ID, t.Status)
	}
	version, err := parseIfMatch(ifMatch)
	if err != nil {
		return nil, err
	}

	st, def, err := e.loadForResume(ctx, t)
	if err != nil {
		return nil, err
	}
	if st.Version != version {
		return nil, fail(ErrStaleVersion, "state version is %d, not %d", st.Version, version)
	}
	if err := answer(t, req); err != nil {
		return nil, err
	}

	if err := e.claim(ctx, t, version, req.IdempotencyKey); err != nil {
		return nil, err
	}
	st.Version, st.Status = version+1, StatusRunning
	e.opts.Recorder.StateChanged(ctx, st.ID, st.Workflow, StatusRunning)
	e.log(ctx, st).Info("workflow resumed", "task_id", t.ID, "decision", t.Decision)

	vars := map[string]any{"decision": t.Decision}
	if t.Data != nil {
		vars["data"] = t.Data
	}
	output := map[string]any{"task_id": t.ID, "decision": t.Decision, "data": t.Data}
	e.apply(def, st, []nodeResult{{id: t.NodeID, output: output, vars: vars, resumed: true}})

	view, err := e.advanceAndView(ctx, def, st)
	if err != nil {
		return nil, err
	}
	return view, e.remember(ctx, req.IdempotencyKey, view)
}

// replay returns the stored answer when key was already used on t.
func (e *Engine) replay(ctx context.Context, t *task, key string) (*RunView, error) {
	if key == "" {
		return nil, nil
	}
	taskID, stored, found, err := e.opts.Store.idempotentResponse(ctx, key)
	switch {
	case err != nil:
		return nil, internal(err)
	case !found:
		return nil, nil
	case taskID != t.ID:
		return nil, fail(ErrInvalidData, "idempotency key already used for another task")
	case stored == nil:
		return nil, fail(ErrTaskNotPending, "a request with this idempotency key is in progress")
	}
	var v RunView
	if err := json.Unmarshal(stored, &v); err != nil {
		return nil, internal(err)
	}
	v.Replayed = true
	return &v, nil
}

// claim takes the task for this request, translating lost races.
func (e *Engine) claim(ctx context.Context, t *task, version int64, key string) error {
	err := e.opts.Store.claimTask(ctx, t, version, key, e.opts.Now())
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errStale):
		if v, rerr := e.replay(ctx, t, key); rerr != nil || v != nil {
			return fail(ErrTaskNotPending, "task %s was resumed concurrently", t.ID)
		}
		return fail(ErrStaleVersion, "state version %d is stale", version)
	case errors.Is(err, errNotPending):
		return fail(ErrTaskNotPending, "task %s was resumed concurrently", t.ID)
	default:
		return internal(err)
	}
}

func (e *Engine) loadForResume(ctx context.Context, t *task) (*runState, *Definition, error) {
	st, err := e.opts.Store.loadRun(ctx, t.RunID)
	if err != nil {
		return nil, nil, internal(err)
	}
	def, ok := e.opts.Registry.Get(st.Workflow)
	if !ok {
		return nil, nil, fail(ErrUnknownWorkflow, "workflow %q is no longer defined", st.Workflow)
	}
	if _, ok := def.Nodes[t.NodeID]; !ok {
		return nil, nil, fail(ErrUnknownWorkflow,
			"workflow %q no longer has node %q", st.Workflow, t.NodeID)
	}
	return st, def, nil
}

// remember stores the answer for the idempotency key.
func (e *Engine) remember(ctx context.Context, key string, v *RunView) error {
	if key == "" {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return internal(err)
	}
	if err := e.opts.Store.storeResponse(ctx, key, b); err != nil {
		return internal(err)
	}
	return nil
}

// answer checks req against the task and records it on t.
func answer(t *task, req ResumeRequest) error {
	if t.Type == InteractionApproval {
		if !slices.Contains(t.Spec.Decisions, req.Decision) {
			return fail(ErrDecisionNotAllowed, "decision %q not allowed, want one of: %s",
				req.Decision, strings.Join(t.Spec.Decisions, ", "))
		}
		t.Decision, t.Data = req.Decision, req.Data
		return nil
	}
	if req.Decision != "" && req.Decision != formDecision {
		return fail(ErrDecisionNotAllowed, "a form takes data, not decision %q", req.Decision)
	}
	if req.Data == nil {
		req.Data = map[string]any{}
	}
	if err := checkData(t.Spec.Schema, req.Data, false); err != nil {
		return fail(ErrInvalidData, "form data: %v", err)
	}
	t.Decision, t.Data = formDecision, req.Data
	return nil
}

// parseIfMatch reads the state version from If-Match: 3, "3" or W/"3".
func parseIfMatch(h string) (int64, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, fail(ErrVersionRequired, "send If-Match with the state_version")
	}
	h = strings.TrimPrefix(h, "W/")
	h = strings.Trim(h, `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil || v < 1 {
		return 0, fail(ErrStaleVersion, "If-Match %q is not a state version", h)
	}
	return v, nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
