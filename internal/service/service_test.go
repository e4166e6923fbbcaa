package service_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
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

// TestAssembledService builds the whole product from settings, with the
// shipped config/ directory, and drives a bound /execute call and a
// workflow through the real handler chain.
func TestAssembledService(t *testing.T) {
	issuer := tokentest.NewIssuer(t)
	dir := t.TempDir()
	env := map[string]string{
		"INBOUND_AUTH_MODE":      config.ModeOptionalBinding,
		"BINDING_REQUIRED_PATHS": "/execute,/workflow",
		"TRUSTED_PROXY_CIDRS":    "127.0.0.1/32",
		"JWT_ISSUER":             issuer.URL(),
		"JWT_AUDIENCE":           "crud-api",
		"JWKS_URL":               issuer.JWKSURL(),
	}
	settings := settingsFor(t, dir, env)
	var audit, logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	app, err := service.Build(t.Context(), settings, logger, service.Deps{AuditLog: &audit})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)

	_, _, cert := testpki.NewCA(t).Issue(t, testpki.Options{CommonName: "svc"})
	header := base64.StdEncoding.EncodeToString(cert.Raw)
	token := issuer.MintBound(t, "alice", "crud-api", clientcert.Thumbprint(cert.Raw))

	call := func(method, path, body string, hdr map[string]string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Forwarded-Tls-Client-Cert", header)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}

	if code, body := call("POST", "/execute", `{"action":"ping","system":"demo","object_type":"user"}`, nil); code != 200 {
		t.Fatalf("ping: %d %v", code, body)
	}
	code, start := call("POST", "/workflow/start",
		`{"workflow_name":"demo","data":{"username":"ada","email":"ada@example.com"}}`, nil)
	if code >= 300 || start["workflow_status"] != "waiting" {
		t.Fatalf("start: %d %v", code, start)
	}
	rr := start["resume_request"].(map[string]any)
	headers := map[string]string{}
	for k, v := range rr["headers"].(map[string]any) {
		headers[k] = v.(string)
	}
	code, done := call("POST", rr["url"].(string), `{"decision":"approve","idempotency_key":"k1"}`, headers)
	if code != 200 || done["workflow_status"] != "completed" {
		t.Fatalf("resume: %d %v", code, done)
	}
	code, got := call("POST", "/execute", `{"action":"list","system":"demo","object_type":"user"}`, nil)
	if code != 200 || !strings.Contains(mustJSON(t, got), `"ada"`) {
		t.Fatalf("list after workflow: %d %v", code, got)
	}

	app.Close()
	for _, want := range []string{`"auth.success"`, `"operation.executed"`, `"workflow.completed"`} {
		if !strings.Contains(audit.String(), want) {
			t.Errorf("audit stream lacks %s:\n%s", want, audit.String())
		}
	}
	if strings.Contains(logs.String(), token) || strings.Contains(audit.String(), token) {
		t.Error("a token reached the logs or the audit stream")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
