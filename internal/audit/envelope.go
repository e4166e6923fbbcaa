package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Envelope is the JSON form of an event, as written to Kafka and to the
// JSON-lines log. Consumers may decode records into it.
type Envelope struct {
	EventID       string          `json:"event_id"`
	EventType     string          `json:"event_type"`
	Timestamp     string          `json:"timestamp"`
	CorrelationID string          `json:"correlation_id"`
	Service       string          `json:"service"`
	Data          json.RawMessage `json:"data"`
}

// Encode returns the JSON envelope of e, without a trailing newline. The
// timestamp is RFC 3339 with nanoseconds, in UTC.
func Encode(e Event) ([]byte, error) {
	data, err := marshal(e.Data)
	if err != nil {
		return nil, fmt.Errorf("audit: encoding %s event data: %w", e.Type, err)
	}

	env := Envelope{
		EventID:       e.ID,
		EventType:     e.Type,
		Timestamp:     e.Time.UTC().Format(time.RFC3339Nano),
		CorrelationID: e.CorrelationID,
		Service:       Service,
		Data:          data,
	}
	out, err := marshal(env)
	if err != nil {
		return nil, fmt.Errorf("audit: encoding %s envelope: %w", e.Type, err)
	}
	return out, nil
}

// marshal is json.Marshal without HTML escaping: audit consumers are not
// browsers, and escaping would let "<" in a value take six bytes.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
