package execute

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/crudservice/crudsvc/internal/connector"
)

// command finds an action of an object type.
func (s *system) command(objectType, action string) (*command, error) {
	actions, ok := s.objectTypes[objectType]
	if !ok {
		return nil, notFound("system %q has no object type %q", s.name, objectType)
	}
	cmd, ok := actions[action]
	if !ok {
		return nil, notFound("object type %q of system %q has no action %q",
			objectType, s.name, action)
	}
	return cmd, nil
}

// execute renders cmd from the request and runs it.
func (s *system) execute(ctx context.Context, cmd *command, req Request) (*connector.Outcome, error) {
	params := req.Params
	if params == nil {
		params = map[string]any{}
	}
	data := map[string]any{
		"params":      params,
		"connection":  s.connection,
		"system":      s.name,
		"object_type": req.ObjectType,
		"action":      req.Action,
		"env":         s.env.call,
	}

	rendered, err := cmd.render(data)
	if err != nil {
		return nil, internal("the command could not be rendered", err)
	}

	out, err := s.conn.Execute(ctx, rendered)
	if errors.Is(err, connector.ErrNoRows) {
		return nil, notFound("no %s matched", req.ObjectType)
	}
	if err != nil {
		return nil, upstreamError(err)
	}
	return out, nil
}

// ping times the connector's connectivity check.
func (s *system) ping(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	err := s.conn.Ping(ctx)
	return time.Since(start), err
}

// upstreamError maps a connector failure to the client's view: 504 for a
// timeout, 502 with the upstream's answer for an HTTP error, 502 with the
// driver's message otherwise.
func upstreamError(err error) *Error {
	var httpErr *connector.HTTPError
	switch {
	case errors.Is(err, connector.ErrTimeout):
		return &Error{Status: http.StatusGatewayTimeout, Code: "upstream_timeout",
			Message: "the system did not answer in time", Err: err}
	case errors.As(err, &httpErr):
		return &Error{Status: http.StatusBadGateway,
			Code:     fmt.Sprintf("HTTP Error %d", httpErr.Status),
			Message:  "the system answered with an error",
			Upstream: map[string]any{"status": httpErr.Status, "body": httpErr.Body},
			Err:      err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: 499, Code: "canceled",
			Message: "the request was canceled", Err: err}
	default:
		return &Error{Status: http.StatusBadGateway, Code: "upstream_error",
			Message: driverMessage(err), Err: err}
	}
}

// driverMessage is the connector's error text, which never carries
// credentials (connectors strip URLs and token endpoint bodies).
func driverMessage(err error) string {
	msg := err.Error()
	const prefix = "connector: "
	if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		msg = msg[len(prefix):]
	}
	return msg
}
