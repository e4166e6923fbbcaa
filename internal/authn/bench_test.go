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
// a new token each time so the token cache misses.
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

	_, _, cert := testpki.NewCA(b).Issue(b, testpki.Options{})
	header := base64.StdEncoding.EncodeToString(cert.Raw)
	tp := clientcert.Thumbprint(cert.Raw)
	mint := func(i int) string {
		return issuer.MintAlg(b, alg, map[string]any{
			"sub": "alice", "aud": audience, "jti": i, "cnf": map[string]any{"x5t#S256": tp},
		})
	}
	tokens := make([]string, b.N)
	for i := range tokens {
		if warm && i > 0 {
			tokens[i] = tokens[0]
			continue
		}
		tokens[i] = mint(i)
	}
	req := httptest.NewRequest(http.MethodPost, "/execute", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("X-Forwarded-Tls-Client-Cert", header)
	w := httptest.NewRecorder()

	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req.Header.Set("Authorization", "Bearer "+tokens[i])
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
