// Package service assembles the product from its parts: it turns validated
// settings into the authentication chain, the /execute and /workflow
// handlers, the audit stream and the HTTP server, and runs them until the
// context ends.
package service

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/httpapi"
	"github.com/crudservice/crudsvc/internal/metrics"
)

// drainTimeout bounds graceful shutdown.
const drainTimeout = 20 * time.Second

// Run serves until ctx ends. ready, when not nil, receives the bound address.
func Run(ctx context.Context, s *config.Settings, logger *slog.Logger, ready func(net.Addr)) error {
	m := metrics.New()
	opts := httpapi.Options{
		Logger:   logger,
		Recorder: m,
		Metrics:  m.Handler(),
	}

	var direct *httpapi.DirectTLS
	if s.DirectTLS() {
		var err error
		direct, err = httpapi.NewDirectTLS(s.TLSCertFile, s.TLSKeyFile, s.TLSClientCAFile, s.TLSClientAuth == "require")
		if err != nil {
			return err
		}
	}

	go reloadOnHangup(ctx, logger, func() {
		if direct != nil {
			if err := direct.Reload(); err != nil {
				logger.Error("tls files not reloaded; last good ones stay in force", "error", err)
			}
		}
	})

	srv := httpapi.NewServer(s.ListenAddr, httpapi.Handler(opts), tlsConfig(direct), maxHeaderBytes(s), logger)
	return srv.Run(ctx, drainTimeout, ready)
}

func tlsConfig(d *httpapi.DirectTLS) *tls.Config {
	if d == nil {
		return nil
	}
	return d.Config()
}

// maxHeaderBytes leaves room for a forwarded certificate header of the
// configured size plus ordinary headers.
func maxHeaderBytes(s *config.Settings) int {
	return 2*s.MaxClientCertSize + 32<<10
}

// reloadOnHangup calls reload on every SIGHUP until ctx ends.
func reloadOnHangup(ctx context.Context, logger *slog.Logger, reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			logger.Info("reloading on SIGHUP")
			reload()
		}
	}
}
