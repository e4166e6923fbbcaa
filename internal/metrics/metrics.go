// Package metrics owns the service's private Prometheus registry and the
// implementations of the small recorder interfaces that the core packages
// declare, so that those packages never import Prometheus themselves.
// Every label value comes from a fixed set: routes are router patterns,
// reasons are SPEC codes, never raw paths or user input.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds every collector the service exports.
type Metrics struct {
	reg *prometheus.Registry

	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec

	authSuccess      prometheus.Counter
	authFailure      *prometheus.CounterVec
	popMismatch      prometheus.Counter
	authDuration     *prometheus.HistogramVec
	certObservations *prometheus.CounterVec
	untrustedHeader  prometheus.Counter

	jwksRefresh  *prometheus.CounterVec
	policyReload *prometheus.CounterVec
	policyValid  *prometheus.GaugeVec

	auditEvents  *prometheus.CounterVec
	auditDropped *prometheus.CounterVec

	executions      *prometheus.CounterVec
	executeDuration *prometheus.HistogramVec
	workflows       *prometheus.CounterVec
}

// New registers every collector on a fresh private registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := factory{m.reg}

	m.requests = f.counterVec("http_requests_total", "HTTP requests by route pattern, method and status.",
		"route", "method", "status")
	m.requestDuration = f.histogramVec("http_request_duration_seconds",
		"HTTP request latency by route pattern and method.", "route", "method")
	m.authSuccess = f.counter("mtls_auth_success_total", "Requests that passed authentication.")
	m.authFailure = f.counterVec("mtls_auth_failure_total", "Requests refused by authentication, by reason.",
		"reason")
	m.popMismatch = f.counter("mtls_pop_mismatch_total",
		"Requests whose token cnf.x5t#S256 did not match the client certificate.")
	m.authDuration = f.histogramVec("auth_duration_seconds", "Time spent authenticating a request.", "outcome")
	m.certObservations = f.counterVec("mtls_cert_observed_total",
		"Certificate outcomes observed without enforcement (bearer mode), by reason.", "reason")
	m.untrustedHeader = f.counter("forwarded_cert_untrusted_total",
		"Forwarded certificate headers ignored because the peer is not a trusted proxy.")
	m.jwksRefresh = f.counterVec("jwks_refresh_total", "JWKS fetches by outcome.", "outcome")
	m.policyReload = f.counterVec("policy_reload_total", "Policy file loads by file and outcome.",
		"file", "outcome")
	m.policyValid = f.gaugeVec("policy_file_valid",
		"1 when the last load of the policy file succeeded, 0 when the last good version is still in force.",
		"file")
	m.auditEvents = f.counterVec("audit_events_total", "Audit events by topic and delivery outcome.",
		"topic", "outcome")
	m.auditDropped = f.counterVec("audit_events_dropped_total",
		"Audit events dropped because the buffer was full or could not be flushed.", "topic")
	m.executions = f.counterVec("execute_total", "Commands run through /execute by system, action and outcome.",
		"system", "action", "outcome")
	m.executeDuration = f.histogramVec("execute_duration_seconds", "Time spent running a command, by system and action.",
		"system", "action")
	m.workflows = f.counterVec("workflow_transitions_total", "Workflow runs reaching a status.", "workflow", "status")
	m.preset()
	return m
}

// preset creates the series of the fixed label sets at zero, so that a
// dashboard or alert sees 0 rather than no data before the first event.
func (m *Metrics) preset() {
	for _, o := range []string{"success", "failure", "skipped_cooldown"} {
		m.jwksRefresh.WithLabelValues(o)
	}
	for _, f := range []string{"mappings", "blocklist"} {
		for _, o := range []string{"success", "failure"} {
			m.policyReload.WithLabelValues(f, o)
		}
	}
	for _, t := range []string{"security", "operations", "workflows"} {
		m.auditDropped.WithLabelValues(t)
		for _, o := range []string{"delivered", "failed"} {
			m.auditEvents.WithLabelValues(t, o)
		}
	}
}

// PresetReasons creates mtls_auth_failure_total at zero for each reason.
func (m *Metrics) PresetReasons(reasons []string) {
	for _, r := range reasons {
		m.authFailure.WithLabelValues(r)
	}
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry exposes the registry for tests that gather values.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Request records one served HTTP request.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.requestDuration.WithLabelValues(route, method).Observe(d.Seconds())
}

type factory struct{ reg *prometheus.Registry }

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.reg.MustRegister(c)
	return c
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(g)
	return g
}

func (f factory) histogramVec(name, help string, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: name, Help: help,
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, labels)
	f.reg.MustRegister(h)
	return h
}
