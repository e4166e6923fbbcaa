package service

import (
	"context"

	"github.com/crudservice/crudsvc/internal/audit"
	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/execute"
	"github.com/crudservice/crudsvc/internal/metrics"
	"github.com/crudservice/crudsvc/internal/reqinfo"
	"github.com/crudservice/crudsvc/internal/workflow"
)

// auditRecorder counts audit delivery in the metrics.
type auditRecorder struct{ m *metrics.Metrics }

func (a auditRecorder) Delivered(topic, outcome string) { a.m.AuditDelivered(topic, outcome) }
func (a auditRecorder) Dropped(topic string)            { a.m.AuditDropped(topic) }

// authAuditor turns authentication outcomes into security events.
type authAuditor struct{ p audit.Publisher }

func (a authAuditor) Authentication(ctx context.Context, e authn.Event) {
	outcome := audit.OutcomeFailure
	if e.Success {
		outcome = audit.OutcomeSuccess
	}
	a.p.Publish(ctx, audit.Security(reqinfo.CorrelationID(ctx), audit.SecurityEvent{
		Outcome: outcome, Mode: e.Mode, Method: e.Method, Route: e.Route, Reason: e.Reason,
		Thumbprint: e.Thumbprint, IssuerDNHash: audit.HashDN(e.IssuerDN), PolicyOIDs: e.PolicyOIDs,
		Principal: e.Principal,
	}))
}

// operationAuditor turns executions into operation events; the audit
// package masks secret-looking params.
type operationAuditor struct{ p audit.Publisher }

func (a operationAuditor) Operation(ctx context.Context, e execute.OperationEvent) {
	a.p.Publish(ctx, audit.Operation(reqinfo.CorrelationID(ctx), audit.OperationEvent{
		System: e.System, ObjectType: e.ObjectType, Action: e.Action, Outcome: e.Outcome,
		Status: e.Status, DurationMS: e.Duration.Milliseconds(), Principal: e.Principal, Params: e.Params,
	}))
}

// workflowRecorder reports workflow state changes to the audit stream and
// the metrics.
type workflowRecorder struct {
	p audit.Publisher
	m *metrics.Metrics
}

func (w workflowRecorder) StateChanged(ctx context.Context, execID, name, status string) {
	w.m.WorkflowStatus(name, status)
	w.p.Publish(ctx, audit.Workflow(reqinfo.CorrelationID(ctx), audit.WorkflowEvent{
		ExecutionID: execID, Workflow: name, Status: status,
	}))
}

// actionRunner lets workflow ACTION nodes run through the /execute
// executor, with the same validation, metrics and audit.
type actionRunner struct{ x *execute.Executor }

var _ workflow.ActionRunner = actionRunner{}

func (a actionRunner) RunAction(ctx context.Context, system, objectType, action string,
	params map[string]any) (any, error) {
	res, err := a.x.Execute(ctx, execute.Request{
		System: system, ObjectType: objectType, Action: action, Params: params,
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// principalARN names the authenticated caller for operation events.
func principalARN(ctx context.Context) string {
	if p, ok := authn.PrincipalFrom(ctx); ok {
		return p.ARN
	}
	return ""
}
