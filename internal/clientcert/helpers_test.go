package clientcert_test

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

const capturedDir = "testdata/captured"

// trustedPeer lies inside trustedNet; untrustedPeer does not.
const (
	trustedPeer   = "10.1.2.3:41000"
	untrustedPeer = "203.0.113.9:41000"
)

var trustedNet = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}

// capture is one recorded request of testdata/captured.
type capture struct {
	ClientCert *string           `json:"client_cert"`
	Headers    map[string]string `json:"headers"`
}

func loadCapture(t testing.TB, name string) capture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(capturedDir, name))
	if err != nil {
		t.Fatalf("reading capture: %v", err)
	}
	var c capture
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("parsing capture %s: %v", name, err)
	}
	return c
}

// expectedThumbprints reads thumbprints.txt, computed with openssl.
func expectedThumbprints(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(capturedDir, "thumbprints.txt"))
	if err != nil {
		t.Fatalf("reading thumbprints: %v", err)
	}
	out := map[string]string{}
	for line := range strings.Lines(string(data)) {
		if file, tp, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			out[file] = tp
		}
	}
	return out
}

// readPEM returns the file's PEM text and the DER of each certificate.
func readPEM(t testing.TB, name string) (string, [][]byte) {
	t.Helper()
	return readPEMFile(t, filepath.Join(capturedDir, name))
}

func readPEMFile(t testing.TB, name string) (string, [][]byte) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	var ders [][]byte
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		ders = append(ders, b.Bytes)
	}
	if len(ders) == 0 {
		t.Fatalf("%s holds no PEM certificate", name)
	}
	return string(data), ders
}

func parseDER(t testing.TB, der []byte) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parsing test certificate: %v", err)
	}
	return c
}

func newExtractor(t testing.TB, opts clientcert.Options) *clientcert.Extractor {
	t.Helper()
	if opts.TrustedProxies == nil {
		opts.TrustedProxies = trustedNet
	}
	e, err := clientcert.NewExtractor(opts)
	if err != nil {
		t.Fatalf("NewExtractor: %v", err)
	}
	return e
}

// request builds a request from peer carrying headers, set as given
// (no trimming), in order.
func request(peer string, headers ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/execute", nil)
	r.RemoteAddr = peer
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

// reason returns the Rejection reason of err, or "" when err is nil.
func reason(t testing.TB, err error) clientcert.Reason {
	t.Helper()
	if err == nil {
		return ""
	}
	var rej *clientcert.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("error is not a *Rejection: %v", err)
	}
	return rej.Reason
}
