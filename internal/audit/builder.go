package audit

import (
	"time"

	"github.com/google/uuid"
)

// Builder stamps new events with an ID and a time. The zero Builder uses the
// system clock and random UUIDv4 identifiers; tests set both fields to get
// reproducible envelopes.
type Builder struct {
	Now   func() time.Time // clock; time.Now when nil
	NewID func() string    // event ids; NewID when nil
}

// NewID returns a random (version 4) UUID drawn from crypto/rand.
func NewID() string {
	return uuid.NewString()
}

// stamp builds the common part of an event.
func (b Builder) stamp(topic Topic, typ, correlationID, key string, data any) Event {
	now, newID := b.Now, b.NewID
	if now == nil {
		now = time.Now
	}
	if newID == nil {
		newID = NewID
	}
	return Event{
		ID:            newID(),
		Type:          typ,
		Topic:         topic,
		Time:          now().UTC(),
		CorrelationID: correlationID,
		Key:           key,
		Data:          data,
	}
}

// defaultBuilder backs the package-level constructors.
var defaultBuilder Builder

// Security builds an auth.success or auth.failure event with the default
// Builder.
func Security(correlationID string, s SecurityEvent) Event {
	return defaultBuilder.Security(correlationID, s)
}

// Operation builds an operation.executed event with the default Builder.
func Operation(correlationID string, o OperationEvent) Event {
	return defaultBuilder.Operation(correlationID, o)
}

// Workflow builds a workflow.<status> event with the default Builder.
func Workflow(correlationID string, w WorkflowEvent) Event {
	return defaultBuilder.Workflow(correlationID, w)
}
