package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RunView is the answer to a start or resume: where the run stands and,
// when it waits, exactly what to send to move it on.
type RunView struct {
	ExecutionID    string           `json:"execution_id"`
	Workflow       string           `json:"workflow_name"`
	Status         string           `json:"workflow_status"`
	StateVersion   int64            `json:"state_version"`
	Variables      map[string]any   `json:"variables"`
	Outputs        map[string]any   `json:"outputs"`
	Error          *RunError        `json:"error,omitempty"`
	RequiredAction *RequiredAction  `json:"required_action,omitempty"`
	ResumeRequest  *ResumeTemplate  `json:"resume_request,omitempty"`
	PendingTasks   []RequiredAction `json:"pending_tasks,omitempty"`
	// CorrelationID is set by the HTTP handler for the request answered.
	CorrelationID string `json:"correlation_id,omitempty"`

	// Replayed is true when the answer is the stored one of an earlier
	// request with the same idempotency key.
	Replayed bool `json:"-"`
}

// RunError says why a run failed.
type RunError struct {
	NodeID  string `json:"node_id,omitempty"`
	Message string `json:"message"`
}

// RequiredAction describes a pending task.
type RequiredAction struct {
	TaskID           string   `json:"task_id"`
	TaskType         string   `json:"task_type"`
	NodeID           string   `json:"node_id"`
	Title            string   `json:"title,omitempty"`
	AllowedDecisions []string `json:"allowed_decisions,omitempty"`
	FormSchema       []Field  `json:"form_schema,omitempty"`
}

// ResumeTemplate is the request that resumes a task.
type ResumeTemplate struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    map[string]any    `json:"body"`
}

// StatusView is a run in full: the RunView plus every node's state.
type StatusView struct {
	RunView
	Nodes     map[string]NodeView `json:"nodes"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// NodeView is one node's state in a run.
type NodeView struct {
	Status string `json:"status"`
	Runs   int    `json:"runs"`
	Error  string `json:"error,omitempty"`
}

// view builds the RunView of st with its pending tasks.
func (e *Engine) view(st *runState, pending []*task) *RunView {
	v := &RunView{
		ExecutionID: st.ID, Workflow: st.Workflow, Status: st.Status,
		StateVersion: st.Version, Variables: st.Vars, Outputs: map[string]any{},
	}
	for id, ns := range st.Nodes {
		if ns.Status == nodeCompleted && ns.Output != nil {
			v.Outputs[id] = ns.Output
		}
		if ns.Status == nodeFailed && v.Error == nil {
			v.Error = &RunError{NodeID: id, Message: ns.Error}
		}
	}
	if st.Status == StatusFailed && v.Error == nil {
		v.Error = &RunError{Message: st.Error}
	}
	if st.Status != StatusWaiting || len(pending) == 0 {
		return v
	}

	for _, t := range pending {
		v.PendingTasks = append(v.PendingTasks, requiredAction(t))
	}
	v.RequiredAction = &v.PendingTasks[0]
	v.ResumeRequest = e.resumeTemplate(pending[0], st.Version)
	if len(pending) == 1 {
		v.PendingTasks = nil
	}
	return v
}

func requiredAction(t *task) RequiredAction {
	ra := RequiredAction{TaskID: t.ID, TaskType: t.Type, NodeID: t.NodeID}
	if t.Spec != nil {
		ra.Title = t.Spec.Title
		ra.AllowedDecisions = slices.Clone(t.Spec.Decisions)
		ra.FormSchema = slices.Clone(t.Spec.Schema)
	}
	return ra
}

// resumeTemplate spells out the resume request for t at version.
func (e *Engine) resumeTemplate(t *task, version int64) *ResumeTemplate {
	body := map[string]any{"idempotency_key": "<a fresh UUID>"}
	if t.Type == InteractionApproval && t.Spec != nil {
		body["decision"] = "<one of: " + strings.Join(t.Spec.Decisions, ", ") + ">"
	} else if t.Spec != nil {
		data := map[string]any{}
		for _, f := range t.Spec.Schema {
			data[f.Name] = "<" + f.Type + ">"
		}
		body["data"] = data
	}
	return &ResumeTemplate{
		Method: "POST",
		URL:    e.opts.BaseURL + "/workflow/resume/" + t.ID,
		Headers: map[string]string{
			"If-Match":     fmt.Sprint(version),
			"Content-Type": "application/json",
		},
		Body: body,
	}
}
