package clientcert_test

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// TestDirectMTLSServer runs a real TLS server that verifies client
// certificates (SPEC 3.5) and checks that Extract takes the connection's
// certificate over a forged header, even from a trusted peer.
func TestDirectMTLSServer(t *testing.T) {
	ca := testpki.NewCA(t)
	inter := ca.Intermediate(t)
	certPEM, keyPEM, leaf := inter.Issue(t, testpki.Options{CommonName: "direct"})
	_, _, other := ca.Issue(t, testpki.Options{CommonName: "forged"})

	e := newExtractor(t, clientcert.Options{TrustedProxies: mustCIDRs(t, "127.0.0.1,::1")})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := e.Extract(r)
		if err != nil || res.Source != clientcert.SourceTLS || len(res.Cert.Chain) != 1 {
			http.Error(w, "unexpected result", http.StatusInternalServerError)
			return
		}
		io.WriteString(w, res.Cert.Thumbprint)
	}))
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: roots,
		MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	defer srv.Close()

	pair, err := tls.X509KeyPair(append(certPEM, inter.CertPEM...), keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	client := srv.Client()
	client.Transport.(*http.Transport).TLSClientConfig.Certificates = []tls.Certificate{pair}

	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set(clientcert.DefaultHeader, b64(other.Raw))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != clientcert.Thumbprint(leaf.Raw) {
		t.Fatalf("status %d, body %q", resp.StatusCode, body)
	}
}
