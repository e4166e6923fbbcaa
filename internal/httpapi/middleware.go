package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/crudservice/crudsvc/internal/reqinfo"
)

// maxIDLength bounds a client-supplied correlation id; longer or oddly
// shaped ids are replaced, since they end up in logs and headers.
const maxIDLength = 128

// withRequest gives each request a correlation id, recovers panics into a
// 500 that carries that id, and writes one log line and one metric per
// request.
func withRequest(logger *slog.Logger, rec Recorder, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A method outside the standard set would become an unbounded
		// metric label and log value; no route serves one.
		if !reqinfo.KnownMethod(r.Method) {
			w.Header().Set("Connection", "close")
			http.Error(w, "method not implemented", http.StatusNotImplemented)
			return
		}
		start := time.Now()
		info := &reqinfo.Info{CorrelationID: correlationID(r)}
		r = r.WithContext(reqinfo.With(r.Context(), info))
		w.Header().Set("X-Request-ID", info.CorrelationID)
		sw := &statusWriter{ResponseWriter: w}

		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.Error("handler panicked", "correlation_id", info.CorrelationID,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !sw.wrote {
					WriteError(sw, r, http.StatusInternalServerError, "internal_error",
						"internal error; quote the correlation id when reporting it")
				}
			}
			route := info.Route
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			rec.Request(route, r.Method, sw.status(), d)
			logRequest(logger, r, route, sw.status(), d, info)
		}()
		next.ServeHTTP(sw, r)
	})
}

func logRequest(logger *slog.Logger, r *http.Request, route string, status int, d time.Duration, info *reqinfo.Info) {
	attrs := []slog.Attr{
		slog.String("correlation_id", info.CorrelationID),
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.Bool("mtls_thumbprint_present", info.ThumbprintPresent),
		slog.Bool("binding_enforced", info.BindingEnforced),
	}
	if info.Outcome != "" {
		attrs = append(attrs, slog.String("outcome", info.Outcome))
	}
	if info.Reason != "" {
		attrs = append(attrs, slog.String("reason", info.Reason))
	}
	if info.Thumbprint != "" {
		attrs = append(attrs, slog.String("cert_thumbprint", info.Thumbprint))
	}
	if info.Principal != "" {
		attrs = append(attrs, slog.String("principal", info.Principal))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	logger.LogAttrs(r.Context(), level, "request", attrs...)
}

// correlationID honours X-Request-ID, then X-Correlation-ID, when it is a
// short token of safe characters; otherwise it generates one.
func correlationID(r *http.Request) string {
	for _, h := range []string{"X-Request-ID", "X-Correlation-ID"} {
		if v := r.Header.Get(h); safeID(v) {
			return v
		}
	}
	return reqinfo.NewID()
}

func safeID(v string) bool {
	if v == "" || len(v) > maxIDLength {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.code, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) status() int {
	if !w.wrote {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
