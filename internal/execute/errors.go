package execute

import (
	"fmt"
	"net/http"
)

// Error is a failed execution. Status and Code say what the client sees;
// Err keeps the internal cause for logs and errors.Is.
type Error struct {
	// Status is the HTTP status for the failure.
	Status int
	// Code is the "error" member of the response body.
	Code string
	// Message is client-safe text.
	Message string
	// Fields lists every invalid field of a 422.
	Fields []FieldError
	// Upstream is the upstream's status and body for a REST 502.
	Upstream any
	// Err is the cause, if any.
	Err error
}

// FieldError names one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("execute: %s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("execute: %s: %s", e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func notFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found",
		Message: fmt.Sprintf(format, args...)}
}

func invalid(fields ...FieldError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Message: "the request is not valid", Fields: fields}
}

func internal(message string, err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "internal_error",
		Message: message, Err: err}
}

// outcome classifies an error for metrics and audit.
func outcome(err error) string {
	e, ok := err.(*Error)
	switch {
	case err == nil:
		return OutcomeSuccess
	case !ok:
		return OutcomeError
	case e.Status == http.StatusNotFound:
		return OutcomeNotFound
	case e.Status == http.StatusUnprocessableEntity:
		return OutcomeInvalid
	case e.Status == http.StatusBadGateway:
		return OutcomeUpstream
	case e.Status == http.StatusGatewayTimeout:
		return OutcomeTimeout
	default:
		return OutcomeError
	}
}
