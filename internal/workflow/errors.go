package workflow

import (
	"errors"
	"fmt"
	"net/http"
)

// Conditions callers branch on; every *Error returned by the engine wraps
// one of them, so errors.Is works.
var (
	ErrUnknownWorkflow    = errors.New("unknown workflow")
	ErrUnknownTask        = errors.New("unknown task")
	ErrUnknownExecution   = errors.New("unknown execution")
	ErrVersionRequired    = errors.New("If-Match state version required")
	ErrStaleVersion       = errors.New("state version is stale")
	ErrTaskNotPending     = errors.New("task is not pending")
	ErrDecisionNotAllowed = errors.New("decision not allowed")
	ErrInvalidData        = errors.New("invalid data")
	ErrBadRequest         = errors.New("bad request")
)

// Error is an engine error with the HTTP status and code a client sees.
// Message is safe to show to the client; Err is the condition or cause.
type Error struct {
	Status  int
	Code    string
	Message string
	Err     error
}

// Error returns the message.
func (e *Error) Error() string { return "workflow: " + e.Message }

// Unwrap returns the condition or cause.
func (e *Error) Unwrap() error { return e.Err }

// statusOf maps each condition to its HTTP status and error code.
var statusOf = map[error]struct {
	status int
	code   string
}{
	ErrUnknownWorkflow:    {http.StatusNotFound, "not_found"},
	ErrUnknownTask:        {http.StatusNotFound, "not_found"},
	ErrUnknownExecution:   {http.StatusNotFound, "not_found"},
	ErrVersionRequired:    {http.StatusPreconditionRequired, "precondition_required"},
	ErrStaleVersion:       {http.StatusPreconditionFailed, "precondition_failed"},
	ErrTaskNotPending:     {http.StatusConflict, "conflict"},
	ErrDecisionNotAllowed: {http.StatusUnprocessableEntity, "invalid_request"},
	ErrInvalidData:        {http.StatusUnprocessableEntity, "invalid_request"},
	ErrBadRequest:         {http.StatusBadRequest, "invalid_request"},
}

// fail builds the *Error for cond with a client-safe message.
func fail(cond error, format string, args ...any) *Error {
	s, ok := statusOf[cond]
	if !ok {
		s.status, s.code = http.StatusInternalServerError, "internal_error"
	}
	return &Error{Status: s.status, Code: s.code, Message: fmt.Sprintf(format, args...), Err: cond}
}

// internal wraps an unexpected failure; its cause is not shown to clients.
func internal(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "internal_error",
		Message: "internal error", Err: err}
}
