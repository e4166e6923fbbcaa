package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/crudservice/crudsvc/internal/reqinfo"
)

// ErrorBody is the JSON shape of every failure (SPEC 4.1).
type ErrorBody struct {
	Error         string `json:"error"`
	Reason        string `json:"reason,omitempty"`
	Message       string `json:"message"`
	CorrelationID string `json:"correlation_id"`
}

// WriteError writes a JSON error carrying the request's correlation id.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	WriteJSON(w, status, ErrorBody{
		Error: code, Message: message, CorrelationID: reqinfo.CorrelationID(r.Context()),
	})
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
