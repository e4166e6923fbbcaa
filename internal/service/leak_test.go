package service_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// TestNoSecretMaterialInLogs drives refusals and successes through the
// assembled service at debug level, then searches every log line and audit
// event for tokens, PEM, certificate bytes and secret parameters.
func TestNoSecretMaterialInLogs(t *testing.T) {
	for _, mode := range []string{config.ModeBearer, config.ModeOptionalBinding, config.ModeMTLS} {
		t.Run(mode, func(t *testing.T) { checkNoLeak(t, mode) })
	}
}

func checkNoLeak(t *testing.T, mode string) {
	issuer := tokentest.NewIssuer(t)
	dir := t.TempDir()
	env := map[string]string{
		"INBOUND_AUTH_MODE":      mode,
		"BINDING_REQUIRED_PATHS": "/execute", "TRUSTED_PROXY_CIDRS": "127.0.0.1/32",
		"JWT_ISSUER": issuer.URL(), "JWT_AUDIENCE": "crud-api", "JWKS_URL": issuer.JWKSURL(), "LOG_LEVEL": "debug",
	}
	if mode != config.ModeOptionalBinding {
		delete(env, "BINDING_REQUIRED_PATHS")
	}
	settings := settingsFor(t, dir, env)
	var logs, audit bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app, err := service.Build(t.Context(), settings, logger, service.Deps{AuditLog: &audit})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()

	ca := testpki.NewCA(t)
	certPEM, keyPEM, cert := ca.Issue(t, testpki.Options{Emails: []string{"a@example.com"}})
	good := issuer.MintBound(t, "alice", "crud-api", clientcert.Thumbprint(cert.Raw))
	expired := issuer.Mint(t, map[string]any{"sub": "alice", "aud": "crud-api", "exp": 1000})
	wrongAud := issuer.Mint(t, map[string]any{"sub": "alice", "aud": "other"})
	tampered := good[:len(good)-4] + "AAAA"
	derB64 := base64.StdEncoding.EncodeToString(cert.Raw)
	brokenPEM := url.PathEscape(strings.Replace(string(certPEM), "M", "!", 3))

	certHeaders := []string{"", derB64, url.PathEscape(string(certPEM)), brokenPEM, derB64[:200], strings.ReplaceAll(string(keyPEM), "\n", " ")}
	for _, tok := range []string{"", good, expired, wrongAud, tampered, "Bearer " + good} {
		for _, ch := range certHeaders {
			body := `{"action":"ping","system":"demo","object_type":"user","params":{"password":"hunter2-secret"}}`
			req, _ := http.NewRequest("POST", srv.URL+"/execute", strings.NewReader(body))
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			if ch != "" {
				req.Header.Set("X-Forwarded-Tls-Client-Cert", ch)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	app.Close()

	all := logs.String() + audit.String()
	if !strings.Contains(all, `"request"`) {
		t.Fatal("no request logs captured")
	}
	forbidden := map[string]string{
		"token header": "eyJ", "PEM": "-----BEGIN", "private key": "PRIVATE KEY",
		"certificate bytes": derB64[20:80], "escaped PEM": "BEGIN%20CERTIFICATE",
		"tampered token": tampered[len(tampered)-40:], "secret param": "hunter2",
	}
	key, _ := pem.Decode(keyPEM)
	forbidden["key bytes"] = base64.StdEncoding.EncodeToString(key.Bytes)[20:60]
	for what, s := range forbidden {
		if strings.Contains(all, s) {
			i := strings.Index(all, s)
			t.Errorf("%s found in logs or audit: ...%s...", what, all[max(0, i-200):min(len(all), i+100)])
		}
	}
}
