// Package service assembles the product from its parts: it turns validated
// settings into the authentication chain, the /execute and /workflow
// handlers, the audit stream and the HTTP server, and runs them until the
// context ends.
package service

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/filewatch"
	"github.com/crudservice/crudsvc/internal/httpapi"
	"github.com/crudservice/crudsvc/internal/metrics"
)

// drainTimeout bounds graceful shutdown; auditFlush bounds the audit flush
// that follows it.
const (
	drainTimeout = 20 * time.Second
	auditFlush   = 10 * time.Second
)

// Deps lets a caller (crudsvc dev, tests) adjust what Run builds.
type Deps struct {
	// AuditLog receives the JSON-lines audit stream when Kafka is not
	// configured; default standard output.
	AuditLog io.Writer
	// Ready, when set, receives the bound address once the server listens.
	Ready func(net.Addr)
	// Extra routes, protected like every other route.
	Extra map[string]httpHandler
	// LookupEnv is the environment system templates read with env();
	// default os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// App is the assembled service.
type App struct {
	Handler httpHandler
	tls     *httpapi.DirectTLS
	reload  []func() error
	closers []func(ctx context.Context) error
	watch   []func(ctx context.Context) error
	logger  *slog.Logger
}

// Run builds the service from s and serves until ctx ends; then it drains
// requests, flushes the audit stream and closes every connection pool.
func Run(ctx context.Context, s *config.Settings, logger *slog.Logger, deps Deps) error {
	app, err := Build(ctx, s, logger, deps)
	if err != nil {
		return err
	}
	defer app.Close()

	app.Watch(ctx)
	go reloadOnHangup(ctx, logger, app.Reload)

	var tlsCfg *tls.Config
	if app.tls != nil {
		tlsCfg = app.tls.Config()
	}
	srv := httpapi.NewServer(s.ListenAddr, app.Handler, tlsCfg, maxHeaderBytes(s), logger)
	return srv.Run(ctx, drainTimeout, deps.Ready)
}

// Build assembles the service. On error everything opened so far is closed.
func Build(ctx context.Context, s *config.Settings, logger *slog.Logger, deps Deps) (app *App, err error) {
	app = &App{logger: logger}
	defer func() {
		if err != nil {
			app.Close()
			app = nil
		}
	}()
	m := metrics.New()
	m.PresetReasons(authn.Reasons)
	publisher, err := app.auditSink(s, logger, m, deps.AuditLog)
	if err != nil {
		return nil, err
	}

	protect, err := app.authentication(ctx, s, logger, m, publisher)
	if err != nil {
		return nil, err
	}
	executeHandler, runner, err := app.executor(s, logger, m, publisher, deps.LookupEnv)
	if err != nil {
		return nil, err
	}
	workflowHandler, checks, err := app.workflows(ctx, s, logger, m, publisher, runner)
	if err != nil {
		return nil, err
	}
	if s.DirectTLS() {
		if app.tls, err = httpapi.NewDirectTLS(s.TLSCertFile, s.TLSKeyFile, s.TLSClientCAFile,
			s.TLSClientAuth == "require"); err != nil {
			return nil, err
		}
		app.reload = append(app.reload, app.tls.Reload)
		tlsFiles := []string{s.TLSCertFile, s.TLSKeyFile, s.TLSClientCAFile}
		app.watch = append(app.watch, func(ctx context.Context) error {
			return filewatch.Watch(ctx, tlsFiles, 200*time.Millisecond, logger, func() {
				if err := app.tls.Reload(); err != nil {
					logger.Error("tls files not reloaded; last good ones stay in force", "error", err)
					return
				}
				logger.Info("tls files reloaded")
			})
		})
	}

	extra := map[string]httpHandler{}
	for k, v := range deps.Extra {
		extra[k] = v
	}
	app.Handler = httpapi.Handler(httpapi.Options{
		Logger: logger, Recorder: m, Metrics: m.Handler(), Checks: checks,
		Protect: protect, Execute: executeHandler, Workflow: workflowHandler, Extra: extra,
	})
	return app, nil
}

// Watch reloads the policy files when they change on disk, until ctx ends.
func (a *App) Watch(ctx context.Context) {
	for _, w := range a.watch {
		go func() {
			if err := w(ctx); err != nil && !errors.Is(err, context.Canceled) {
				a.logger.Error("policy file watch stopped; SIGHUP still reloads", "error", err)
			}
		}()
	}
}

// Reload re-reads the policy files and the TLS files; a file that fails
// keeps its last good version in force.
func (a *App) Reload() error {
	var errs []error
	for _, r := range a.reload {
		if err := r(); err != nil {
			a.logger.Error("reload failed; last good version stays in force", "error", err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Close flushes the audit stream and closes pools, newest first.
func (a *App) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), auditFlush)
	defer cancel()
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](ctx); err != nil {
			a.logger.Warn("closing", "error", err)
		}
	}
	a.closers = nil
}

// maxHeaderBytes leaves room for a forwarded certificate header of the
// configured size plus ordinary headers.
func maxHeaderBytes(s *config.Settings) int {
	return 2*s.MaxClientCertSize + 32<<10
}

// reloadOnHangup calls reload on every SIGHUP until ctx ends.
func reloadOnHangup(ctx context.Context, logger *slog.Logger, reload func() error) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			logger.Info("reloading on SIGHUP")
			_ = reload()
		}
	}
}

func dirOf(configDir, sub string) string { return filepath.Join(configDir, sub) }
