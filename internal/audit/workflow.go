package audit

import "strings"

// WorkflowEvent is the data of a workflow state change.
type WorkflowEvent struct {
	ExecutionID string `json:"execution_id"`
	Workflow    string `json:"workflow"`
	Status      string `json:"status"` // for instance started, waiting, resumed, completed, failed
	TaskID      string `json:"task_id,omitempty"`
	NodeID      string `json:"node_id,omitempty"`
}

// Workflow builds a workflow.<status> event on the workflows topic, keyed by
// the execution id so every change of one run lands in one partition, in
// order.
func (b Builder) Workflow(correlationID string, w WorkflowEvent) Event {
	w.Status = statusName(w.Status)
	return b.stamp(TopicWorkflows, "workflow."+w.Status, correlationID, w.ExecutionID, w)
}

// statusName folds a status into [a-z0-9_] so the event type stays a small,
// predictable vocabulary whatever the engine passes.
func statusName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			return r
		}
		return '_'
	}, s)
}
