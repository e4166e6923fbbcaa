package connector

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// maxErrorBody bounds how much of an upstream error body is kept.
const maxErrorBody = 2048

// HTTPError is a non-success answer from a REST system, after retries.
type HTTPError struct {
	// Status is the upstream HTTP status code.
	Status int
	// Body is the upstream body: decoded JSON when it parses, otherwise
	// text truncated to a few kilobytes.
	Body any
}

// Error implements error.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("upstream answered HTTP %d", e.Status)
}

// decodeErrorBody keeps an upstream error body in a form safe to return:
// parsed JSON, or truncated valid UTF-8 text.
func decodeErrorBody(raw []byte) any {
	if len(raw) == 0 {
		return nil
	}

	var v any
	if json.Unmarshal(raw, &v) == nil {
		return v
	}

	if len(raw) > maxErrorBody {
		raw = raw[:maxErrorBody]
		for len(raw) > 0 && !utf8.Valid(raw) {
			raw = raw[:len(raw)-1]
		}
	}
	return string(raw)
}
