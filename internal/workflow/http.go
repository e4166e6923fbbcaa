package workflow

import (
	"encoding/json"
	"errors"
	"net/http"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

// Handler serves the workflow API:
//
//	POST /workflow/start                  {"workflow_name" or "name", "data"}
//	POST /workflow/resume/{task_id}       If-Match: <state_version>
//	GET  /workflow/status/{execution_id}
//
// A run that waits answers 202, every other run (completed or failed, with
// its error) 200. Errors are {"error", "message", "correlation_id"}.
func Handler(e *Engine) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /workflow/start", e.serveStart)
	mux.HandleFunc("POST /workflow/resume/{task_id}", e.serveResume)
	mux.HandleFunc("GET /workflow/status/{execution_id}", e.serveStatus)
	return mux
}

type startBody struct {
	WorkflowName string         `json:"workflow_name"`
	Name         string         `json:"name"`
	Data         map[string]any `json:"data"`
}

func (e *Engine) serveStart(w http.ResponseWriter, r *http.Request) {
	var body startBody
	if !e.decode(w, r, &body) {
		return
	}
	name := body.WorkflowName
	if name == "" {
		name = body.Name
	}
	if name == "" {
		e.writeError(w, r, fail(ErrBadRequest, "workflow_name is required"))
		return
	}
	v, err := e.Start(r.Context(), name, body.Data)
	e.writeRun(w, r, v, err)
}

func (e *Engine) serveResume(w http.ResponseWriter, r *http.Request) {
	var body ResumeRequest
	if !e.decode(w, r, &body) {
		return
	}
	if key := r.Header.Get("Idempotency-Key"); body.IdempotencyKey == "" {
		body.IdempotencyKey = key
	}
	v, err := e.Resume(r.Context(), r.PathValue("task_id"), r.Header.Get("If-Match"), body)
	if v != nil && v.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	e.writeRun(w, r, v, err)
}

func (e *Engine) serveStatus(w http.ResponseWriter, r *http.Request) {
	v, err := e.Status(r.Context(), r.PathValue("execution_id"))
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	v.CorrelationID = e.opts.CorrelationID(r.Context())
	w.Header().Set("ETag", `"`+itoa(v.StateVersion)+`"`)
	e.writeJSON(w, r, http.StatusOK, v)
}

// decode reads a JSON body of at most maxBodyBytes into dst.
func (e *Engine) decode(w http.ResponseWriter, r *http.Request, dst any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := json.NewDecoder(r.Body).Decode(dst); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			e.writeError(w, r, &Error{Status: http.StatusRequestEntityTooLarge,
				Code: "invalid_request", Message: "request body too large", Err: err})
			return false
		}
		e.writeError(w, r, fail(ErrBadRequest, "request body is not valid JSON"))
		return false
	}
	return true
}

func (e *Engine) writeRun(w http.ResponseWriter, r *http.Request, v *RunView, err error) {
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if v.Status == StatusWaiting {
		status = http.StatusAccepted
	}
	v.CorrelationID = e.opts.CorrelationID(r.Context())
	w.Header().Set("ETag", `"`+itoa(v.StateVersion)+`"`)
	e.writeJSON(w, r, status, v)
}

// writeJSON writes v as the answer.
func (e *Engine) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		e.writeError(w, r, internal(err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError is the one place engine errors become HTTP answers. Causes of
// internal errors are logged, never sent.
func (e *Engine) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var we *Error
	if !errors.As(err, &we) {
		we = internal(err)
	}
	cid := e.opts.CorrelationID(r.Context())
	if we.Status >= 500 {
		e.opts.Logger.Error("workflow request failed", "correlation_id", cid,
			"route", r.Pattern, "reason", err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(we.Status)
	json.NewEncoder(w).Encode(map[string]string{
		"error": we.Code, "message": we.Message, "correlation_id": cid,
	})
}
