package httpapi

import (
	"context"
	"net/http"
	"time"
)

// Check is one named health check run by GET /health.
type Check struct {
	Name string
	Run  func(ctx context.Context) error
}

type checkResult struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// healthHandler runs every check with a short deadline and answers 200 when
// all pass, else 503; the body says which passed.
func healthHandler(checks []Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()

		results := make(map[string]checkResult, len(checks))
		status, code := "ok", http.StatusOK
		for _, c := range checks {
			if err := c.Run(ctx); err != nil {
				results[c.Name] = checkResult{Error: err.Error()}
				status, code = "degraded", http.StatusServiceUnavailable
				continue
			}
			results[c.Name] = checkResult{OK: true}
		}
		WriteJSON(w, code, map[string]any{"status": status, "checks": results})
	})
}
