package clientcert_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// TestCaptured decodes the header values real proxies sent (see
// testdata/captured/README.md) and checks the thumbprints openssl gave.
func TestCaptured(t *testing.T) {
	tps := expectedThumbprints(t)
	_, intDER := readPEM(t, "int.crt")
	intTP := clientcert.Thumbprint(intDER[0])

	tests := []struct {
		name, file, header string
		edit               func(string) string
		want               string // thumbprint; "" for no certificate
		chain              int
	}{
		{"ok/traefik_leaf_and_intermediate", "traefik-3.6.12-leaf-and-intermediate.json",
			"X-Forwarded-Tls-Client-Cert", nil, tps["client.crt"], 1},
		{"ok/traefik_leaf_and_root", "traefik-3.6.12-leaf-and-root.json",
			"X-Forwarded-Tls-Client-Cert", nil, tps["client2.crt"], 1},
		{"ok/nginx_escaped", "nginx-1.22.1-escaped.json", "ssl-client-cert", nil,
			tps["client.crt"], 0},
		{"ok/nginx_legacy_raw_folded", "nginx-1.22.1-legacy-cert.json", "ssl-client-cert", nil,
			tps["client.crt"], 0},
		{"ok/nginx_legacy_unfolded", "nginx-1.22.1-legacy-cert.json", "ssl-client-cert",
			unfold, tps["client.crt"], 0},
		{"ok/apache_space_joined_trailing_space", "apache-2.4.71-verify-require.json",
			"X-SSL-Client-Cert", nil, tps["client.crt"], 0},
		{"ok/apache_space_joined_trimmed", "apache-2.4.71-verify-require.json",
			"X-SSL-Client-Cert", strings.TrimSpace, tps["client.crt"], 0},
		{"ok/apache_escaped", "apache-2.4.71-verify-require.json",
			"X-SSL-Client-Cert-Escaped", nil, tps["client.crt"], 0},
		{"ok/apache_chain_0", "apache-2.4.71-verify-require.json",
			"X-SSL-Client-Cert-Chain-0", nil, intTP, 0},
		{"ok/apache_null", "apache-2.4.71-verify-optional-no-cert.json",
			"X-SSL-Client-Cert", nil, "", 0},
		{"ok/apache_escaped_empty", "apache-2.4.71-verify-optional-no-cert.json",
			"X-SSL-Client-Cert-Escaped", nil, "", 0},
		{"ok/haproxy_der", "haproxy-2.6.12-verify-required.json", "x-ssl-client-der", nil,
			tps["client.crt"], 0},
		{"ok/haproxy_chain_header", "haproxy-2.6.12-verify-required.json",
			"x-ssl-client-chain", nil, intTP, 0},
		{"ok/haproxy_leaf_and_root", "haproxy-2.6.12-leaf-and-root.json", "x-ssl-client-der",
			nil, tps["client2.crt"], 0},
		{"ok/haproxy_no_cert", "haproxy-2.6.12-verify-optional-no-cert.json",
			"x-ssl-client-der", nil, "", 0},
		{"ok/caddy_der", "caddy-2.6.2-require-and-verify.json", "X-Client-Cert-Der", nil,
			tps["client.crt"], 0},
		{"ok/caddy_placeholder", "caddy-2.6.2-verify-if-given-no-cert.json",
			"X-Client-Cert-Der", nil, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value, ok := loadCapture(t, tt.file).Headers[tt.header]
			if !ok {
				t.Fatalf("capture has no header %s", tt.header)
			}
			if tt.edit != nil {
				value = tt.edit(value)
			}
			e := newExtractor(t, clientcert.Options{Header: tt.header})
			res, err := e.Extract(request(trustedPeer, tt.header, value))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			checkResult(t, res, tt.want, tt.chain)
		})
	}
}

// unfold does what Go's net/http does to obsolete line folding.
func unfold(s string) string { return strings.ReplaceAll(s, "\n\t", " ") }

func checkResult(t *testing.T, res clientcert.Result, want string, chain int) {
	t.Helper()
	if want == "" {
		if res.Cert != nil || res.Source != clientcert.SourceNone {
			t.Fatalf("want no certificate, got source %s", res.Source)
		}
		return
	}
	if res.Cert == nil {
		t.Fatalf("want certificate %s, got none", want)
	}
	if res.Source != clientcert.SourceHeader || res.Cert.Thumbprint != want {
		t.Errorf("got %s from %s, want %s from header", res.Cert.Thumbprint, res.Source, want)
	}
	if len(res.Cert.Chain) != chain {
		t.Errorf("chain has %d certificates, want %d", len(res.Cert.Chain), chain)
	}
}

// TestCapturedCrossChecks compares with what the proxies computed
// themselves: Caddy's SHA-256 fingerprint and nginx's subject DN.
func TestCapturedCrossChecks(t *testing.T) {
	e := newExtractor(t, clientcert.Options{Header: "ssl-client-cert"})
	nginx := loadCapture(t, "nginx-1.22.1-escaped.json").Headers
	res, err := e.Extract(request(trustedPeer, "ssl-client-cert", nginx["ssl-client-cert"]))
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if got, want := res.Cert.Subject, nginx["ssl-client-s-dn"]; got != want {
		t.Errorf("subject %q, nginx says %q", got, want)
	}

	caddy := loadCapture(t, "caddy-2.6.2-require-and-verify.json").Headers
	sum, _ := hex.DecodeString(caddy["X-Client-Cert-Fp"])
	if got, want := res.Cert.Thumbprint, base64.RawURLEncoding.EncodeToString(sum); got != want {
		t.Errorf("thumbprint %s, caddy fingerprint gives %s", got, want)
	}
	if got := sha256.Sum256(res.Cert.Leaf.Raw); hex.EncodeToString(got[:]) != caddy["X-Client-Cert-Fp"] {
		t.Errorf("leaf DER hash differs from caddy's fingerprint")
	}
}

// TestNginxLegacyOnTheWire sends the folded header nginx writes to a real
// Go server and extracts the certificate there: net/http unfolds it.
func TestNginxLegacyOnTheWire(t *testing.T) {
	value := loadCapture(t, "nginx-1.22.1-legacy-cert.json").Headers["ssl-client-cert"]
	e := newExtractor(t, clientcert.Options{
		Header:         "ssl-client-cert",
		TrustedProxies: mustCIDRs(t, "127.0.0.1,::1"),
	})
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := e.Extract(r)
		if err != nil || res.Cert == nil {
			got <- fmt.Sprintf("error %v", err)
			return
		}
		got <- res.Cert.Thumbprint
	}))
	defer srv.Close()

	conn, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\nssl-client-cert: %s\r\nConnection: close\r\n\r\n", value)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("response: %v", err)
	}
	resp.Body.Close()
	select {
	case tp := <-got:
		if want := expectedThumbprints(t)["client.crt"]; tp != want {
			t.Errorf("got %s, want %s", tp, want)
		}
	default:
		t.Fatalf("handler did not run: status %d", resp.StatusCode)
	}
}

func mustCIDRs(t testing.TB, s string) []netip.Prefix {
	t.Helper()
	p, err := clientcert.ParseCIDRs(s)
	if err != nil {
		t.Fatalf("ParseCIDRs(%q): %v", s, err)
	}
	return p
}
