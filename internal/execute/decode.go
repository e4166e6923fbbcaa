package execute

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
)

// decodeRequest reads a POST /execute body: at most MaxBodyBytes (413
// beyond), one JSON object whose members are the Request's and nothing
// else. Every bad member is listed in the 422. Numbers in params become
// int64 or float64.
func decodeRequest(w http.ResponseWriter, r *http.Request) (Request, error) {
	var req Request
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return req, &Error{Status: http.StatusRequestEntityTooLarge, Code: "request_too_large",
			Message: fmt.Sprintf("the body exceeds %d bytes", MaxBodyBytes)}
	}
	if err != nil {
		return req, &Error{Status: http.StatusBadRequest, Code: "invalid_request",
			Message: "the body could not be read"}
	}

	var members map[string]json.RawMessage
	if err := decodeOne(raw, &members); err != nil || members == nil {
		return req, invalid(FieldError{Field: "body", Message: "must be one JSON object"})
	}

	fields := decodeMembers(members, &req)
	if len(fields) == 0 {
		fields = checkRequest(req)
	}
	if len(fields) > 0 {
		return req, invalid(fields...)
	}
	return req, nil
}

// decodeMembers fills req from the body's members and lists the bad ones.
func decodeMembers(members map[string]json.RawMessage, req *Request) []FieldError {
	targets := map[string]any{
		"system": &req.System, "object_type": &req.ObjectType,
		"action": &req.Action, "params": &req.Params,
	}
	names := make([]string, 0, len(members))
	for name := range members {
		names = append(names, name)
	}
	sort.Strings(names)

	var fields []FieldError
	for _, name := range names {
		target, ok := targets[name]
		if !ok {
			fields = append(fields, FieldError{Field: name, Message: "is not allowed"})
			continue
		}
		if err := decodeOne(members[name], target); err != nil {
			want := "must be a string"
			if name == "params" {
				want = "must be an object"
			}
			fields = append(fields, FieldError{Field: name, Message: want})
		}
	}
	if req.Params != nil {
		req.Params = normalizeNumbers(req.Params).(map[string]any)
	}
	return fields
}

// decodeOne decodes exactly one JSON value, keeping numbers exact.
func decodeOne(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
