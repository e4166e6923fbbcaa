package audit

// Delivery outcomes passed to Recorder.Delivered.
const (
	OutcomeDelivered = "delivered"
	OutcomeFailed    = "failed"
)

// Recorder counts what happens to audit events; internal/metrics implements
// it as audit_events_total{topic,outcome} and audit_events_dropped_total.
// Topic is the short topic name ("security", "operations", "workflows"), a
// fixed set. Implementations must be safe for concurrent use and fast: they
// run on the delivery path.
type Recorder interface {
	// Delivered counts an accepted event whose delivery ended, with outcome
	// OutcomeDelivered or OutcomeFailed.
	Delivered(topic, outcome string)
	// Dropped counts an event refused because the buffer was full or the
	// sink closed.
	Dropped(topic string)
}

// NopRecorder is a Recorder that counts nothing.
type NopRecorder struct{}

// Delivered does nothing.
func (NopRecorder) Delivered(string, string) {}

// Dropped does nothing.
func (NopRecorder) Dropped(string) {}
