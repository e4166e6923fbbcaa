// Package httpapi is the service's HTTP layer: the routes, request ids, one
// structured log line per request, panic recovery, the JSON error writer, and
// the server with its timeouts, TLS and graceful shutdown.
package httpapi

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/crudservice/crudsvc/internal/reqinfo"
)

// Recorder receives one call per served request. *metrics.Metrics
// implements it.
type Recorder interface {
	Request(route, method string, status int, d time.Duration)
}

type nopRecorder struct{}

func (nopRecorder) Request(string, string, int, time.Duration) {}

// Options wires the server. Handlers left nil are not routed.
type Options struct {
	Logger   *slog.Logger
	Recorder Recorder
	// Metrics serves GET /metrics, open.
	Metrics http.Handler
	// Checks are run by GET /health, open.
	Checks []Check
	// Protect wraps every route but /health and /metrics (authentication).
	Protect func(http.Handler) http.Handler
	// Execute serves POST /execute.
	Execute http.Handler
	// Workflow serves /workflow/.
	Workflow http.Handler
	// Extra routes, protected, by ServeMux pattern; used by tests and tools.
	Extra map[string]http.Handler
}

// Handler builds the full handler chain: recovery and request id outermost,
// then logging, then the router with protected routes behind Protect.
func Handler(o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Recorder == nil {
		o.Recorder = nopRecorder{}
	}
	protect := o.Protect
	if protect == nil {
		protect = func(h http.Handler) http.Handler { return h }
	}

	mux := http.NewServeMux()
	mux.Handle(healthPattern, healthHandler(o.Checks))
	if o.Metrics != nil {
		mux.Handle(metricsPattern, o.Metrics)
	}
	if o.Execute != nil {
		mux.Handle("/execute", o.Execute)
	}
	if o.Workflow != nil {
		mux.Handle("/workflow/", o.Workflow)
	}
	for pattern, h := range o.Extra {
		mux.Handle(pattern, h)
	}
	// Unknown paths are protected too: an unauthenticated caller learns
	// nothing about which routes exist.
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, http.StatusNotFound, "not_found", "no such route")
	}))

	return withRequest(o.Logger, o.Recorder, gate(mux, protect(mux)))
}

// The open routes; everything else passes through Protect.
const (
	healthPattern  = "GET /health"
	metricsPattern = "GET /metrics"
)

// gate sends each request through protected unless the router would
// dispatch it to an open route. Authentication thus runs in front of the
// router for every other spelling of a path, including those the router
// answers with a redirect to the clean path, and the route pattern is known
// to the request log and to authentication before either runs.
func gate(mux *http.ServeMux, protected http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		info := reqinfo.From(r.Context())
		info.Route = pattern
		if pattern == "" || pattern == "/" {
			info.Route = "unmatched"
		}
		if pattern == healthPattern || pattern == metricsPattern {
			mux.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// Server is an http.Server with the service's timeouts and limits.
type Server struct {
	srv    *http.Server
	logger *slog.Logger
	tls    bool
}

// NewServer prepares a server for addr. tlsConfig, when not nil, makes it
// serve HTTPS (SPEC 3.5). maxHeader bounds the request header size.
func NewServer(addr string, h http.Handler, tlsConfig *tls.Config, maxHeader int, logger *slog.Logger) *Server {
	return &Server{
		srv: &http.Server{
			Addr:              addr,
			Handler:           h,
			TLSConfig:         tlsConfig,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      90 * time.Second,
			IdleTimeout:       120 * time.Second,
			MaxHeaderBytes:    maxHeader,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		},
		logger: logger,
		tls:    tlsConfig != nil,
	}
}

// Run listens and serves until ctx ends, then drains in-flight requests for
// up to drain before closing. ready, when not nil, receives the bound address.
func (s *Server) Run(ctx context.Context, drain time.Duration, ready func(addr net.Addr)) error {
	ln, err := net.Listen("tcp", s.srv.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", s.srv.Addr, err)
	}
	if s.tls {
		ln = tls.NewListener(ln, s.srv.TLSConfig)
	}
	scheme := map[bool]string{false: "http", true: "https"}[s.tls]
	s.logger.Info("listening", "addr", ln.Addr().String(), "scheme", scheme)
	if ready != nil {
		ready(ln.Addr())
	}

	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	s.logger.Info("shutting down", "drain_timeout", drain.String())
	sctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("draining requests: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.logger.Info("stopped")
	return nil
}
