// Package audit holds the audit events of the service and the sinks that
// carry them: Kafka when brokers are configured, a JSON-lines log otherwise.
//
// The core builds events with the typed constructors (Security, Operation,
// Workflow), which keep the data non-sensitive by construction: a security
// event carries a thumbprint and a hash of the issuer DN, never the
// certificate or the token, and operation parameters are masked. A Publisher
// never blocks and never fails the request that publishes: events go to a
// bounded buffer, and what cannot be buffered or delivered is counted through
// a Recorder.
package audit
