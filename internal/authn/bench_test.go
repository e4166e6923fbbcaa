package authn_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

// BenchmarkAuthenticate measures the whole authentication step in
// bearer_plus_mtls_required mode: header decode, parse, thumbprint, token
// verification, policy and binding. "warm" repeats one client; "cold" uses
// a new certificate and a new token each time (cycling through more
// clients than either cache holds), so both caches miss.
func BenchmarkAuthenticate(b *testing.B) {
	for _, alg := range []string{"ES256", "RS256"} {
		for _, warm := range []bool{true, false} {
			name := alg + "/cold"
			if warm {
				name = alg + "/warm"
			}
			b.Run(name, func(b *testing.B) { benchAuthenticate(b, alg, warm) })
		}
	}
}

func benchAuthenticate(b *testing.B, alg string, warm bool) {
	issuer := tokentest.NewIssuer(b, tokentest.WithRS256())
	verifier, err := tokenverify.New(b.Context(), tokenverify.Options{
		Issuer: issuer.URL(), Audiences: []string{audience}, JWKSURL: issuer.JWKSURL(),
	})
	if err != nil {
		b.Fatal(err)
	}
	defer verifier.Close()
	ex, _ := clientcert.NewExtractor(clientcert.Options{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})
	a, err := authn.New(authn.Options{Mode: config.ModeRequiredBinding, Certs: ex, Tokens: verifier})
	if err != nil {
		b.Fatal(err)
	}
	h := a.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	clients := newClients(b, issuer, alg, warm)
	req := httptest.NewRequest(http.MethodPost, "/execute", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	w := httptest.NewRecorder()

	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := clients[i%len(clients)]
		req.Header.Set("X-Forwarded-Tls-Client-Cert", c.header)
		req.Header.Set("Authorization", c.authorization)
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// client is one certificate header and the bound token that goes with it.
type client struct{ header, authorization string }

// coldClients is larger than both the token cache and the certificate
// cache, so cycling through that many clients misses both every time,
// while the live heap the benchmark keeps stays the same whatever b.N is.
const coldClients = 2 * tokenverify.DefaultCacheSize

// newClients makes one client for warm runs, and coldClients distinct ones
// (new key, certificate and token each) for cold runs.
func newClients(b *testing.B, issuer *tokentest.Issuer, alg string, warm bool) []client {
	n := coldClients
	if warm {
		n = 1
	}
	ca := testpki.NewCA(b)
	out := make([]client, n)
	for i := range out {
		_, _, cert := ca.Issue(b, testpki.Options{})
		tok := issuer.MintAlg(b, alg, map[string]any{
			"sub": "alice", "aud": audience, "cnf": map[string]any{"x5t#S256": clientcert.Thumbprint(cert.Raw)},
		})
		out[i] = client{base64.StdEncoding.EncodeToString(cert.Raw), "Bearer " + tok}
	}
	return out
}
