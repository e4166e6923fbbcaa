package audit

// OperationEvent is the data of one POST /execute call. Params are masked
// when the event is built (see MaskParams).
type OperationEvent struct {
	System     string         `json:"system"`
	ObjectType string         `json:"object_type"`
	Action     string         `json:"action"`
	Outcome    string         `json:"outcome"`             // for instance "success", "failure"
	Status     int            `json:"status"`              // HTTP status returned
	DurationMS int64          `json:"duration_ms"`         // time spent executing
	Principal  string         `json:"principal,omitempty"` // principal ARN
	Params     map[string]any `json:"params,omitempty"`    // request params, masked
}

// Operation builds an operation.executed event on the operations topic,
// keyed by the correlation id. It replaces Params with a masked copy, so
// the caller's map is never changed and no secret reaches the stream.
func (b Builder) Operation(correlationID string, o OperationEvent) Event {
	o.Params = MaskParams(o.Params)
	return b.stamp(TopicOperations, "operation.executed", correlationID, correlationID, o)
}
