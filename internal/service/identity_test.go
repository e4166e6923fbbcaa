package service_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// TestMTLSIdentityAndLiveBlocklist: in mtls mode the mapping policy decides
// the principal, and a thumbprint added to the blocklist file refuses that
// client's next request without a restart.
func TestMTLSIdentityAndLiveBlocklist(t *testing.T) {
	dir := t.TempDir()
	ca := testpki.NewCA(t)
	_, _, mapped := ca.Issue(t, testpki.Options{CommonName: "batch"})
	_, _, emailed := ca.Issue(t, testpki.Options{Emails: []string{"ada@example.com"}})
	_, _, foreign := ca.Issue(t, testpki.Options{Emails: []string{"eve@example.com.evil.test"}})
	tpMapped := clientcert.Thumbprint(mapped.Raw)

	policy := "thumbprint_map:\n  " + tpMapped + ": auth:account:x509:service:batch\n" +
		"constraints:\n  allowed_email_domains: [example.com]\n"
	mappings := writeFile(t, dir, "mappings.yaml", policy)
	blocklist := writeFile(t, dir, "blocklist.txt", "# none yet\n")

	env := map[string]string{
		"INBOUND_AUTH_MODE":   config.ModeMTLS,
		"TRUSTED_PROXY_CIDRS": "127.0.0.1/32", "CERT_IDENTITY_MAPPINGS": mappings,
		"CERT_THUMBPRINT_BLOCKLIST": blocklist,
	}
	settings := settingsFor(t, dir, env)
	var logs bytes.Buffer
	app, err := service.Build(t.Context(), settings, slog.New(slog.NewJSONHandler(&logs, nil)),
		service.Deps{AuditLog: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app.Watch(ctx)
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()

	ping := func(der []byte) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/execute",
			strings.NewReader(`{"action":"ping","system":"demo","object_type":"user"}`))
		req.Header.Set("X-Forwarded-Tls-Client-Cert", base64.StdEncoding.EncodeToString(der))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		reason, _ := body["reason"].(string)
		return resp.StatusCode, reason
	}

	for _, c := range []struct {
		name string
		der  []byte
		arn  string
	}{
		{"ok/thumbprint-map", mapped.Raw, "auth:account:x509:service:batch"},
		{"ok/email-san", emailed.Raw, "auth:account:x509:email:ada@example.com"},
		{"ok/default", foreign.Raw, "auth:account:x509:sha256:" + clientcert.Thumbprint(foreign.Raw)},
	} {
		logs.Reset()
		if code, _ := ping(c.der); code != 200 {
			t.Fatalf("%s: status %d", c.name, code)
		}
		if !strings.Contains(logs.String(), `"principal":"`+c.arn+`"`) {
			t.Errorf("%s: principal %s not in the request log:\n%s", c.name, c.arn, logs.String())
		}
	}

	// Block the mapped client by editing the file; no restart, no signal.
	if err := os.WriteFile(blocklist, []byte("# incident 42\n"+tpMapped+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, reason := ping(mapped.Raw)
		if code == 401 && reason == "certificate_blocklisted" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("blocklist change not applied: %d %s", code, reason)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _ := ping(emailed.Raw); code != 200 {
		t.Errorf("another client was refused after the blocklist change: %d", code)
	}
}

// TestMetricsNamesAndLabels: the SPEC metric names appear, and no raw path
// becomes a label value.
func TestMetricsNamesAndLabels(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"INBOUND_AUTH_MODE":   config.ModeMTLS,
		"TRUSTED_PROXY_CIDRS": "127.0.0.1/32",
	}
	settings := settingsFor(t, dir, env)
	app, err := service.Build(t.Context(), settings, slog.New(slog.DiscardHandler), service.Deps{AuditLog: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()

	_, _, cert := testpki.NewCA(t).Issue(t, testpki.Options{})
	for _, path := range []string{"/execute", "/secret-probe-7f3a", "/workflow/status/abc-123"} {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(`{}`))
		resp, _ := http.DefaultClient.Do(req)
		resp.Body.Close()
	}
	req, _ := http.NewRequest("POST", srv.URL+"/execute",
		strings.NewReader(`{"action":"ping","system":"demo","object_type":"user"}`))
	req.Header.Set("X-Forwarded-Tls-Client-Cert", base64.StdEncoding.EncodeToString(cert.Raw))
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()

	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []string{
		"mtls_auth_success_total 1", `mtls_auth_failure_total{reason="certificate_missing"} 3`,
		"mtls_pop_mismatch_total 0", `http_requests_total{method="POST",route="/execute",status="200"} 1`,
		`route="unmatched"`, "auth_duration_seconds_bucket", "audit_events_total", "policy_reload_total",
		"jwks_refresh_total", "execute_total",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, leak := range []string{"secret-probe-7f3a", "abc-123"} {
		if strings.Contains(text, leak) {
			t.Errorf("a raw path reached a label value: %s", leak)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
