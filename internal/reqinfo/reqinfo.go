// Package reqinfo carries per-request facts through the context: the
// correlation id, and what authentication decided, so that the one log line
// written per request can report them.
package reqinfo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// Info is filled in while a request is handled and read when it ends.
// Only the goroutine serving the request touches it.
type Info struct {
	// CorrelationID comes from X-Request-ID or X-Correlation-ID, else is
	// generated; it is echoed back and appears in every log line.
	CorrelationID string
	// Route is the router pattern the request matched, "unmatched" when
	// none did: a fixed set, safe as a metric label.
	Route string
	// ThumbprintPresent says a client certificate was obtained.
	ThumbprintPresent bool
	// Thumbprint is the certificate's x5t#S256, when present.
	Thumbprint string
	// BindingEnforced says proof-of-possession was demanded.
	BindingEnforced bool
	// Outcome is "success", "failure" or "" when no authentication ran.
	Outcome string
	// Reason is the SPEC reason code of a failure or an observation.
	Reason string
	// Principal is the authenticated identity's ARN.
	Principal string
}

type key struct{}

// With returns a context carrying info.
func With(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// From returns the request's Info, or a throwaway one when there is none,
// so callers never check for nil.
func From(ctx context.Context) *Info {
	if info, ok := ctx.Value(key{}).(*Info); ok {
		return info
	}
	return &Info{}
}

// CorrelationID returns the request's correlation id, or "".
func CorrelationID(ctx context.Context) string {
	if info, ok := ctx.Value(key{}).(*Info); ok {
		return info.CorrelationID
	}
	return ""
}

// NewID returns a random 128-bit identifier in hex.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// knownMethods are the methods of RFC 9110 and PATCH; anything else is
// refused before it reaches a log, a metric label or an audit event.
var knownMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
	"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true,
}

// KnownMethod reports whether m is a standard HTTP method, safe to use as a
// metric label or log value.
func KnownMethod(m string) bool { return knownMethods[m] }
