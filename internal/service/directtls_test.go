package service_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// TestDirectTLSIgnoresForwardedHeader: when the service terminates TLS, a
// client without a certificate cannot present someone else's certificate
// in the forwarded header, even from an address listed as a proxy.
func TestDirectTLSIgnoresForwardedHeader(t *testing.T) {
	dir := t.TempDir()
	ca := testpki.NewCA(t)
	srvCert, srvKey := ca.IssueServer(t)
	certFile, keyFile := testpki.WriteCert(t, dir, "server", srvCert, srvKey)
	caFile := testpki.WriteFile(t, dir, "ca.crt", ca.CertPEM)
	_, _, victim := ca.Issue(t, testpki.Options{CommonName: "victim"})

	env := map[string]string{
		"INBOUND_AUTH_MODE":   config.ModeMTLS,
		"TRUSTED_PROXY_CIDRS": "127.0.0.1/32", "LISTEN_ADDR": "127.0.0.1:0",
		"TLS_CERT_FILE": certFile, "TLS_KEY_FILE": keyFile, "TLS_CLIENT_CA_FILE": caFile,
		"TLS_CLIENT_AUTH": "optional",
	}
	settings := settingsFor(t, dir, env)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- service.Run(ctx, settings, slog.New(slog.DiscardHandler),
			service.Deps{AuditLog: io.Discard, Ready: func(a net.Addr) { addrc <- a }})
	}()
	defer func() { cancel(); <-done }()
	addr := <-addrc

	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("POST", "https://"+addr.String()+"/execute",
		strings.NewReader(`{"action":"ping","system":"demo","object_type":"user"}`))
	req.Host = "localhost"
	req.Header.Set("X-Forwarded-Tls-Client-Cert", base64.StdEncoding.EncodeToString(victim.Raw))
	client.Transport.(*http.Transport).TLSClientConfig.ServerName = "localhost"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusUnauthorized || body["reason"] != "certificate_missing" {
		t.Fatalf("forged header over direct TLS: %d %v", resp.StatusCode, body)
	}
}
