package audit

import (
	"context"
	"time"
)

// Service is the name every envelope carries in its "service" member.
const Service = "crudsvc"

// Topic names the stream an event belongs to. The Kafka sink appends it to
// the configured prefix ("crud.security"); metrics use it as a label.
type Topic string

// The three audit streams of SPEC section 6.
const (
	TopicSecurity   Topic = "security"
	TopicOperations Topic = "operations"
	TopicWorkflows  Topic = "workflows"
)

// Valid reports whether t is one of the three audit topics.
func (t Topic) Valid() bool {
	switch t {
	case TopicSecurity, TopicOperations, TopicWorkflows:
		return true
	}
	return false
}

// Event is one audit event before it is wrapped in its envelope.
type Event struct {
	ID            string    // event_id; a UUIDv4 when empty at publish time
	Type          string    // event_type, for instance "auth.failure"
	Topic         Topic     // stream the event goes to
	Time          time.Time // timestamp; the publish time when zero
	CorrelationID string    // correlation_id of the request
	Key           string    // Kafka record key: correlation or execution id
	Data          any       // the "data" member; must marshal to JSON
}

// Publisher accepts audit events. Publish never blocks and never reports an
// error: an event that cannot be accepted is dropped and counted, so an audit
// outage never fails a request.
type Publisher interface {
	Publish(ctx context.Context, e Event)
}

// Nop is a Publisher that discards every event.
type Nop struct{}

// Publish discards e.
func (Nop) Publish(context.Context, Event) {}
