package metrics

import "time"

// AuthSuccess counts a request that passed authentication.
func (m *Metrics) AuthSuccess(d time.Duration) {
	m.authSuccess.Inc()
	m.authDuration.WithLabelValues("success").Observe(d.Seconds())
}

// AuthFailure counts a refused request under its SPEC reason code.
func (m *Metrics) AuthFailure(reason string, d time.Duration) {
	m.authFailure.WithLabelValues(reason).Inc()
	m.authDuration.WithLabelValues("failure").Observe(d.Seconds())
}

// PopMismatch counts a token bound to another certificate.
func (m *Metrics) PopMismatch() { m.popMismatch.Inc() }

// CertObserved counts a certificate outcome seen but not enforced.
func (m *Metrics) CertObserved(reason string) { m.certObservations.WithLabelValues(reason).Inc() }

// UntrustedHeader counts a forwarded header from an untrusted peer.
func (m *Metrics) UntrustedHeader() { m.untrustedHeader.Inc() }

// JWKSRefresh counts a key set fetch by outcome.
func (m *Metrics) JWKSRefresh(outcome string) { m.jwksRefresh.WithLabelValues(outcome).Inc() }

// PolicyReload counts a policy file load by file kind and outcome.
func (m *Metrics) PolicyReload(file, outcome string) {
	m.policyReload.WithLabelValues(file, outcome).Inc()
}

// PolicyValid says whether the last load of a policy file succeeded.
func (m *Metrics) PolicyValid(file string, ok bool) {
	v := 0.0
	if ok {
		v = 1
	}
	m.policyValid.WithLabelValues(file).Set(v)
}

// AuditDelivered counts an audit event's delivery outcome.
func (m *Metrics) AuditDelivered(topic, outcome string) {
	m.auditEvents.WithLabelValues(topic, outcome).Inc()
}

// AuditDropped counts an audit event that was dropped.
func (m *Metrics) AuditDropped(topic string) { m.auditDropped.WithLabelValues(topic).Inc() }

// Executed counts one command run through /execute.
func (m *Metrics) Executed(system, action, outcome string, d time.Duration) {
	m.executions.WithLabelValues(system, action, outcome).Inc()
	m.executeDuration.WithLabelValues(system, action).Observe(d.Seconds())
}

// WorkflowStatus counts a workflow run reaching status.
func (m *Metrics) WorkflowStatus(workflow, status string) {
	m.workflows.WithLabelValues(workflow, status).Inc()
}
