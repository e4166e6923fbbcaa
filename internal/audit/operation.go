package audit

import "encoding/json"

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
	o.Params = boundParams(MaskParams(o.Params))
	o.System, o.ObjectType, o.Action = clip(o.System), clip(o.ObjectType), clip(o.Action)
	return b.stamp(TopicOperations, "operation.executed", correlationID, correlationID, o)
}

// MaxParamsBytes bounds the encoded params an operation event carries, so
// a caller cannot make one audit record too large for the broker or the
// buffer; larger params are replaced by a note of their size.
const MaxParamsBytes = 8 << 10

// maxName bounds the system, object type and action names in an event;
// names a caller sent that are not configured can be anything.
const maxName = 128

func boundParams(p map[string]any) map[string]any {
	if p == nil {
		return nil
	}
	data, err := json.Marshal(p)
	if err != nil || len(data) <= MaxParamsBytes {
		return p
	}
	return map[string]any{"_truncated": true, "_encoded_bytes": len(data)}
}

func clip(s string) string {
	if len(s) <= maxName {
		return s
	}
	return s[:maxName] + "...(clipped)"
}
