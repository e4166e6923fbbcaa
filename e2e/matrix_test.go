//go:build integration

package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// row is one request of the matrix and what it must get.
type row struct {
	name      string // named after the SPEC 4.0 row or the edge case
	target    string // service instance
	direct    bool   // bypass nginx: plain HTTP straight to the service
	cert      *client
	token     string
	headers   []string
	want      int
	reason    string // expected reason; "" for none
	principal string // expected principal in the request log, when set
}

// TestEdgeMatrix drives SPEC 4.0 through nginx with curl --cert, then the
// edge cases: forged headers through nginx and straight to the service,
// and Traefik's captured encoding sent as Traefik would.
func TestEdgeMatrix(t *testing.T) {
	p := newPKI(t)
	iss := tokentest.NewIssuer(t)
	svcs := startServices(t, iss)
	fronts := startNginx(t, p, []*service{svcs["optional-listed"], svcs["optional-unlisted"],
		svcs["required"], svcs["mtls"], svcs["bearer"]})
	rows := matrixRows(t, p, iss)

	var results []string
	for i, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := svcs[r.target]
			id := fmt.Sprintf("e2e-%02d", i)
			c := call{url: "https://" + fronts[r.target] + "/execute", caCert: p.caCert,
				headers: append([]string{"X-Request-ID: " + id}, r.headers...)}
			if r.direct {
				c.url, c.caCert = "http://"+s.addr+"/execute", ""
			}
			if r.cert != nil {
				c.cert, c.key = r.cert.cert, r.cert.key
			}
			if r.token != "" {
				c.headers = append(c.headers, "Authorization: Bearer "+r.token)
			}
			got := curl(t, c)
			results = append(results, fmt.Sprintf("%-58s %-18s %-6s %-6s %3d %-24s",
				r.name, r.target, via(r), certName(r.cert), got.status, got.reason))
			check(t, r, got, s, id)
		})
	}

	table := fmt.Sprintf("%-58s %-18s %-6s %-6s %3s %-24s\n%s\n", "row", "instance", "via",
		"cert", "got", "reason", strings.Join(results, "\n"))
	t.Logf("acceptance matrix:\n%s", table)
	fmt.Printf("\n%s\n", table)
}

func check(t *testing.T, r row, got answer, s *service, id string) {
	t.Helper()
	if got.status != r.want || got.reason != r.reason {
		t.Errorf("got %d %q, want %d %q", got.status, got.reason, r.want, r.reason)
	}
	if got.status == 401 && got.challenge == "" {
		t.Error("401 without WWW-Authenticate")
	}
	if r.token == "" && r.target != "mtls" && !strings.HasPrefix(r.target, "traefik-mtls") &&
		got.status == 401 && strings.Contains(got.challenge, "error=") {
		t.Errorf("no credentials must get a challenge without an error code: %q", got.challenge)
	}
	if r.principal != "" {
		if p := s.principal(t, id); p != r.principal {
			t.Errorf("principal %q, want %q", p, r.principal)
		}
	}
}

// startServices runs one crudsvc per mode. Behind nginx: the nginx header
// convention; direct: Traefik's, and an instance that trusts no loopback
// peer.
func startServices(t *testing.T, iss *tokentest.Issuer) map[string]*service {
	t.Helper()
	token := map[string]string{"JWT_ISSUER": iss.URL(), "JWT_AUDIENCE": "crud", "JWKS_URL": iss.JWKSURL()}
	nginx := map[string]string{"FORWARDED_CLIENT_CERT_HEADER": "ssl-client-cert",
		"FORWARDED_CLIENT_VERIFY_HEADER": "ssl-client-verify", "TRUSTED_PROXY_CIDRS": "127.0.0.1/32"}
	traefik := map[string]string{"FORWARDED_CLIENT_CERT_HEADER": "X-Forwarded-Tls-Client-Cert",
		"TRUSTED_PROXY_CIDRS": "127.0.0.1/32"}
	untrusted := map[string]string{"FORWARDED_CLIENT_CERT_HEADER": "ssl-client-cert",
		"TRUSTED_PROXY_CIDRS": "10.99.0.0/16"}

	specs := []struct {
		name  string
		parts []map[string]string
	}{
		{"optional-listed", []map[string]string{token, nginx, optional("/execute")}},
		{"optional-unlisted", []map[string]string{token, nginx, optional("/workflow/start,/workflow/resume")}},
		{"required", []map[string]string{token, nginx, mode("bearer_plus_mtls_required")}},
		{"mtls", []map[string]string{nginx, mode("mtls")}},
		{"bearer", []map[string]string{token, nginx, mode("bearer")}},
		{"untrusted-required", []map[string]string{token, untrusted, mode("bearer_plus_mtls_required")}},
		{"traefik-optional", []map[string]string{token, traefik, optional("/execute")}},
		{"traefik-required", []map[string]string{token, traefik, mode("bearer_plus_mtls_required")}},
		{"traefik-mtls", []map[string]string{traefik, mode("mtls")}},
	}
	out := map[string]*service{}
	for _, s := range specs {
		settings := map[string]string{}
		for _, part := range s.parts {
			for k, v := range part {
				settings[k] = v
			}
		}
		out[s.name] = startService(t, s.name, settings)
	}
	return out
}

func mode(m string) map[string]string { return map[string]string{"INBOUND_AUTH_MODE": m} }

func optional(paths string) map[string]string {
	return map[string]string{"INBOUND_AUTH_MODE": "bearer_plus_mtls_optional", "BINDING_REQUIRED_PATHS": paths}
}

func via(r row) string {
	if r.direct {
		return "direct"
	}
	return "nginx"
}

func certName(c *client) string {
	if c == nil {
		return "-"
	}
	return c.name
}

// capture is a Traefik header value recorded by shared/testdata/captured.
type capture struct {
	header     string
	thumbprint string
}

func loadCapture(t *testing.T, file, certFile string) capture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Headers map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	prints, err := os.ReadFile(filepath.Join("testdata", "thumbprints.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(prints), "\n") {
		if name, tp, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name == certFile {
			return capture{header: c.Headers["X-Forwarded-Tls-Client-Cert"], thumbprint: tp}
		}
	}
	t.Fatalf("no thumbprint for %s", certFile)
	return capture{}
}

// escapedPEM is a client certificate as nginx's $ssl_client_escaped_cert
// would send it, for headers a client forges.
func escapedPEM(t *testing.T, c client) string {
	t.Helper()
	data, err := os.ReadFile(c.cert)
	if err != nil {
		t.Fatal(err)
	}
	return url.PathEscape(string(data))
}
