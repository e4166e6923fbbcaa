//go:build integration

package service_test

import (
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// TestExecuteAuditReadableByKcat: with KAFKA_BROKERS pointing at a running
// Kafka-protocol broker, one authenticated /execute produces one security
// and one operations event, read back by kcat as an operator would.
func TestExecuteAuditReadableByKcat(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatal("kcat is not installed (Debian: apt-get install -y kcat)")
	}
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1),
		kfake.SeedTopics(1, "crud.security", "crud.operations", "crud.workflows"))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	broker := cluster.ListenAddrs()[0]

	app, send := kafkaService(t, broker)
	send("kcat-check-1")
	app.Close() // flushes the audit stream

	for topic, wantType := range map[string]string{
		"crud.security": "auth.success", "crud.operations": "operation.executed",
	} {
		out, err := exec.Command(kcat, "-b", broker, "-C", "-t", topic, "-o", "beginning", "-e", "-q",
			"-f", "%k\t%s\n").Output()
		if err != nil {
			t.Fatalf("kcat %s: %v", topic, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 1 {
			t.Fatalf("%s: %d events, want 1:\n%s", topic, len(lines), out)
		}
		key, value, _ := strings.Cut(lines[0], "\t")
		var env struct {
			EventType     string `json:"event_type"`
			CorrelationID string `json:"correlation_id"`
			Service       string `json:"service"`
		}
		if err := json.Unmarshal([]byte(value), &env); err != nil {
			t.Fatalf("%s: %v", topic, err)
		}
		if key != "kcat-check-1" || env.EventType != wantType || env.CorrelationID != "kcat-check-1" ||
			env.Service != "crudsvc" {
			t.Errorf("%s: key %q envelope %+v", topic, key, env)
		}
		t.Logf("kcat %s: %s", topic, lines[0])
	}
}

// kafkaService builds the service in bearer_plus_mtls_required mode with
// its audit stream on broker, serves it, and returns a function that sends
// one bound /execute ping with the given request id and expects 200.
func kafkaService(t *testing.T, broker string) (*service.App, func(id string)) {
	t.Helper()
	issuer := tokentest.NewIssuer(t)
	settings := settingsFor(t, t.TempDir(), map[string]string{
		"INBOUND_AUTH_MODE": config.ModeRequiredBinding, "TRUSTED_PROXY_CIDRS": "127.0.0.1/32",
		"JWT_ISSUER": issuer.URL(), "JWT_AUDIENCE": "crud-api", "JWKS_URL": issuer.JWKSURL(),
		"KAFKA_BROKERS": broker,
	})
	app, err := service.Build(t.Context(), settings, slog.New(slog.DiscardHandler), service.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)

	_, _, cert := testpki.NewCA(t).Issue(t, testpki.Options{})
	token := issuer.MintBound(t, "alice", "crud-api", clientcert.Thumbprint(cert.Raw))
	header := base64.StdEncoding.EncodeToString(cert.Raw)
	return app, func(id string) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+"/execute",
			strings.NewReader(`{"action":"ping","system":"demo","object_type":"user"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Forwarded-Tls-Client-Cert", header)
		req.Header.Set("X-Request-ID", id)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", id, resp.StatusCode)
		}
	}
}
