package service_test

import (
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// BenchmarkExecutePing measures one request through the assembled service,
// in process, for the open /health and the protected, bound /execute ping
// with warm caches: the service's own share of the load run's
// protected/open ratio (docs/PERFORMANCE.md).
func BenchmarkExecutePing(b *testing.B) {
	issuer := tokentest.NewIssuer(b)
	dir := b.TempDir()
	env := map[string]string{
		"INBOUND_AUTH_MODE":      config.ModeOptionalBinding,
		"BINDING_REQUIRED_PATHS": "/execute", "TRUSTED_PROXY_CIDRS": "192.0.2.1/32",
		"JWT_ISSUER": issuer.URL(), "JWT_AUDIENCE": "crud-api", "JWKS_URL": issuer.JWKSURL(), "LOG_LEVEL": "warn",
	}
	settings := settingsFor(b, dir, env)
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	app, err := service.Build(b.Context(), settings, logger, service.Deps{AuditLog: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	_, _, cert := testpki.NewCA(b).Issue(b, testpki.Options{})
	tok := issuer.MintBound(b, "alice", "crud-api", clientcert.Thumbprint(cert.Raw))
	hdr := base64.StdEncoding.EncodeToString(cert.Raw)
	for _, path := range []string{"/health", "/execute"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", path,
					strings.NewReader(`{"action":"ping","system":"demo","object_type":"user"}`))
				if path == "/health" {
					req.Method = "GET"
				}
				req.RemoteAddr = "192.0.2.1:1234"
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("X-Forwarded-Tls-Client-Cert", hdr)
				w := httptest.NewRecorder()
				app.Handler.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
