package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"

	"github.com/crudservice/crudsvc/internal/audit"
	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/execute"
	"github.com/crudservice/crudsvc/internal/httpapi"
	"github.com/crudservice/crudsvc/internal/identity"
	"github.com/crudservice/crudsvc/internal/metrics"
	"github.com/crudservice/crudsvc/internal/reqinfo"
	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/crudservice/crudsvc/internal/workflow"
)

type httpHandler = http.Handler

// auditSink is Kafka when brokers are configured, else JSON lines.
func (a *App) auditSink(s *config.Settings, logger *slog.Logger, m *metrics.Metrics,
	w io.Writer) (audit.Publisher, error) {
	rec := auditRecorder{m}
	if len(s.KafkaBrokers) > 0 {
		k, err := audit.NewKafka(audit.KafkaOptions{
			Brokers: s.KafkaBrokers, TopicPrefix: s.KafkaTopicPrefix, Logger: logger, Recorder: rec,
		})
		if err != nil {
			return nil, err
		}
		a.closers = append(a.closers, k.Close)
		return k, nil
	}
	if w == nil {
		w = os.Stdout
	}
	j := audit.NewJSONLines(w, audit.JSONLinesOptions{Logger: logger, Recorder: rec})
	a.closers = append(a.closers, j.Close)
	return j, nil
}

// authentication builds the gate: certificate extraction, token
// verification, identity policy and the mode.
func (a *App) authentication(ctx context.Context, s *config.Settings, logger *slog.Logger,
	m *metrics.Metrics, publisher audit.Publisher) (func(http.Handler) http.Handler, error) {
	format, err := clientcert.ParseFormat(s.ForwardedCertFormat)
	if err != nil {
		return nil, err
	}
	// SPEC 3.5: when the service terminates TLS itself the certificate
	// comes from the connection only; no peer may forward one.
	trusted := s.TrustedProxies
	if s.DirectTLS() {
		trusted = nil
	}
	certs, err := clientcert.NewExtractor(clientcert.Options{
		Header: s.ForwardedCertHeader, Format: format, TrustedProxies: trusted,
		MaxSize: s.MaxClientCertSize, VerifyHeader: s.ForwardedVerifyHeader,
		XFCCElementFromRight: s.XFCCElementFromRight, HMACSecret: []byte(s.ForwardedCertHMACSecret),
		SignatureHeader: s.ForwardedCertSignatureHeader,
	})
	if err != nil {
		return nil, fmt.Errorf("forwarded certificate settings: %w", err)
	}

	store, err := identity.NewStore(identity.StoreOptions{
		MappingsPath: s.CertIdentityMappings, BlocklistPath: s.CertThumbprintBlocklist,
		Logger: logger, Recorder: m,
	})
	if err != nil {
		return nil, err
	}
	a.reload = append(a.reload, store.Reload)
	a.watch = append(a.watch, store.Watch)

	opts := authn.Options{
		Mode: s.AuthMode, BindingPaths: s.BindingRequiredPaths, Certs: certs,
		Policy:   func() authn.CertPolicy { return store.Current() },
		Provider: provider(s.JWTIssuer), Logger: logger, Recorder: m, Auditor: authAuditor{publisher},
	}
	if s.NeedsToken() {
		v, err := tokenverify.New(ctx, tokenverify.Options{
			Issuer: s.JWTIssuer, Audiences: s.JWTAudience, JWKSURL: s.JWKSURL, JWKSFile: s.JWKSFile,
			Algorithms: s.JWTAlgorithms, Leeway: s.JWTLeeway, Logger: logger, Recorder: m,
		})
		if err != nil {
			return nil, err
		}
		a.closers = append(a.closers, func(context.Context) error { return v.Close() })
		opts.Tokens = v
	}
	gate, err := authn.New(opts)
	if err != nil {
		return nil, err
	}
	return gate.Wrap, nil
}

// executor loads the systems of SERVICE_CONFIG_DIR/systems.
func (a *App) executor(s *config.Settings, logger *slog.Logger, m *metrics.Metrics,
	publisher audit.Publisher, lookupEnv func(string) (string, bool)) (http.Handler, *execute.Executor, error) {
	x, err := execute.Load(s.ConfigDir, execute.Options{
		CorrelationID: reqinfo.CorrelationID, Principal: principalARN,
		Logger: logger, Recorder: m, Auditor: operationAuditor{publisher}, LookupEnv: lookupEnv,
	})
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, func(context.Context) error { return x.Close() })
	return execute.Handler(x), x, nil
}

// workflows opens the state database and loads the definitions.
func (a *App) workflows(ctx context.Context, s *config.Settings, logger *slog.Logger, m *metrics.Metrics,
	publisher audit.Publisher, x *execute.Executor) (http.Handler, []httpapi.Check, error) {
	store, err := workflow.OpenStore(ctx, s.StateDatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, func(context.Context) error { return store.Close() })
	reg, err := workflow.Load(dirOf(s.ConfigDir, "workflows"))
	if err != nil {
		return nil, nil, err
	}
	engine, err := workflow.NewEngine(workflow.EngineOptions{
		Registry: reg, Store: store, Runner: actionRunner{x}, Logger: logger,
		Recorder: workflowRecorder{publisher, m}, CorrelationID: reqinfo.CorrelationID,
	})
	if err != nil {
		return nil, nil, err
	}
	checks := []httpapi.Check{{Name: "state_database", Run: store.Ping}}
	return workflow.Handler(engine), checks, nil
}

// provider names the token issuer in principal ARNs: the issuer's host.
func provider(issuer string) string {
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return "oidc"
}
