package execute

import (
	"encoding/json"
	"errors"
	"net/http"
)

// MaxBodyBytes bounds a POST /execute body.
const MaxBodyBytes = 1 << 20

// Handler serves POST /execute with x: it decodes the body strictly, runs
// the command and writes the result or the error as JSON.
func Handler(x *Executor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cid := x.opts.CorrelationID(r.Context())
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, cid, &Error{Status: http.StatusMethodNotAllowed,
				Code: "method_not_allowed", Message: "use POST"})
			return
		}

		req, err := decodeRequest(w, r)
		if err != nil {
			writeError(w, cid, err)
			return
		}

		res, err := x.Execute(r.Context(), req)
		if err != nil {
			writeError(w, cid, err)
			return
		}
		writeJSON(w, http.StatusOK, successBody{
			Response:      successResponse{Success: true, Data: res.Data, Meta: res.Meta},
			CorrelationID: cid,
		})
	})
}

type successBody struct {
	Response      successResponse `json:"response"`
	CorrelationID string          `json:"correlation_id"`
}

type successResponse struct {
	Success bool `json:"success"`
	Data    any  `json:"data"`
	Meta    Meta `json:"meta"`
}

type errorBody struct {
	Error         string       `json:"error"`
	Message       string       `json:"message,omitempty"`
	Fields        []FieldError `json:"fields,omitempty"`
	Upstream      any          `json:"upstream,omitempty"`
	CorrelationID string       `json:"correlation_id"`
}

// writeError is the one place an execution error becomes a response. Only
// the client-safe parts of *Error are sent; anything else is a 500.
func writeError(w http.ResponseWriter, cid string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = internal("the command failed", err)
	}
	writeJSON(w, e.Status, errorBody{
		Error: e.Code, Message: e.Message, Fields: e.Fields, Upstream: e.Upstream,
		CorrelationID: cid,
	})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
