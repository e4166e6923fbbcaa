package authn_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/httpapi"
	"github.com/crudservice/crudsvc/internal/testpki"
	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

const audience = "crud-api"

// fixture is one running service: the real router and middleware behind an
// httptest server, an httptest issuer serving real keys, and real
// certificates from a test CA.
type fixture struct {
	t       *testing.T
	srv     *httptest.Server
	issuer  *tokentest.Issuer
	certA   string // Traefik header value of client A
	certB   string // Traefik header value of client B
	tpA     string
	tpB     string
	counter *countingRecorder
}

func newFixture(t *testing.T, mode string, paths ...string) *fixture {
	t.Helper()
	return newFixtureWith(t, mode, paths, nil)
}

// newFixtureWith lets a test adjust the authentication options.
func newFixtureWith(t *testing.T, mode string, paths []string, adjust func(*authn.Options)) *fixture {
	t.Helper()
	issuer := tokentest.NewIssuer(t)
	verifier, err := tokenverify.New(t.Context(), tokenverify.Options{
		Issuer: issuer.URL(), Audiences: []string{audience}, JWKSURL: issuer.JWKSURL(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { verifier.Close() })
	extractor, err := clientcert.NewExtractor(clientcert.Options{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := &countingRecorder{failures: map[string]int{}, observed: map[string]int{}}
	opts := authn.Options{Mode: mode, BindingPaths: paths, Certs: extractor, Recorder: rec}
	if mode != config.ModeMTLS {
		opts.Tokens = verifier
	}
	if adjust != nil {
		adjust(&opts)
	}
	a, err := authn.New(opts)
	if err != nil {
		t.Fatal(err)
	}

	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := authn.PrincipalFrom(r.Context())
		httpapi.WriteJSON(w, http.StatusOK, p)
	})
	h := httpapi.Handler(httpapi.Options{
		Protect: a.Wrap, Execute: echo, Workflow: echo,
		Extra: map[string]http.Handler{"/other": echo},
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	ca := testpki.NewCA(t)
	_, _, a1 := ca.Issue(t, testpki.Options{CommonName: "client-a"})
	_, _, b1 := ca.Issue(t, testpki.Options{CommonName: "client-b"})
	return &fixture{
		t: t, srv: srv, issuer: issuer, counter: rec,
		certA: base64.StdEncoding.EncodeToString(a1.Raw), tpA: clientcert.Thumbprint(a1.Raw),
		certB: base64.StdEncoding.EncodeToString(b1.Raw), tpB: clientcert.Thumbprint(b1.Raw),
	}
}

type result struct {
	status    int
	body      map[string]any
	challenge string
}

func (f *fixture) do(method, path, token, certHeader string) result {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(`{}`))
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if certHeader != "" {
		req.Header.Set("X-Forwarded-Tls-Client-Cert", certHeader)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return result{status: resp.StatusCode, body: body, challenge: resp.Header.Get("WWW-Authenticate")}
}

func (f *fixture) token(bindTo string) string {
	if bindTo == "" {
		return f.issuer.Mint(f.t, map[string]any{"sub": "alice", "aud": audience})
	}
	return f.issuer.MintBound(f.t, "alice", audience, bindTo)
}

// TestAcceptanceMatrix is SPEC section 4.0, row by row.
func TestAcceptanceMatrix(t *testing.T) {
	optional := newFixture(t, config.ModeOptionalBinding, "/execute", "/workflow/resume")
	required := newFixture(t, config.ModeRequiredBinding)
	mtls := newFixture(t, config.ModeMTLS)
	bearer := newFixture(t, config.ModeBearer)

	cases := []struct {
		name   string
		f      *fixture
		path   string
		token  func(f *fixture) string
		cert   func(f *fixture) string
		status int
		reason string
	}{
		{"ok/optional-listed-bound-match", optional, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, certA, 200, ""},
		{"fail/optional-listed-mismatch", optional, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, certB, 401, authn.ReasonBindingMismatch},
		{"fail/optional-listed-no-cert", optional, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, noCert, 401, authn.ReasonCertificateMissing},
		{"ok/optional-unlisted-no-cert", optional, "/other",
			func(f *fixture) string { return f.token("") }, noCert, 200, ""},
		{"fail/optional-unlisted-bound-other-cert", optional, "/other",
			func(f *fixture) string { return f.token(f.tpA) }, certB, 401, authn.ReasonBindingMismatch},
		{"fail/required-no-cert", required, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, noCert, 401, authn.ReasonCertificateMissing},
		{"fail/required-mismatch", required, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, certB, 401, authn.ReasonBindingMismatch},
		{"fail/required-unbound", required, "/execute",
			func(f *fixture) string { return f.token("") }, certA, 401, authn.ReasonTokenNotBound},
		{"ok/required-match", required, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, certA, 200, ""},
		{"ok/mtls-cert", mtls, "/execute", noToken, certA, 200, ""},
		{"fail/mtls-no-cert", mtls, "/execute", noToken, noCert, 401, authn.ReasonCertificateMissing},
		{"fail/optional-no-token", optional, "/execute", noToken, certA, 401, authn.ReasonTokenMissing},
		{"fail/required-no-token", required, "/execute", noToken, certA, 401, authn.ReasonTokenMissing},
		{"fail/bearer-no-token", bearer, "/execute", noToken, noCert, 401, authn.ReasonTokenMissing},
		{"ok/bearer-malformed-cert-observed", bearer, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, func(*fixture) string { return "not-a-cert" }, 200, ""},
		{"ok/bearer-mismatch-observed", bearer, "/execute",
			func(f *fixture) string { return f.token(f.tpA) }, certB, 200, ""},
		{"ok/bearer-no-cert", bearer, "/execute",
			func(f *fixture) string { return f.token("") }, noCert, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.t = t
			got := tc.f.do(http.MethodPost, tc.path, tc.token(tc.f), tc.cert(tc.f))
			if got.status != tc.status {
				t.Fatalf("status = %d, want %d (body %v)", got.status, tc.status, got.body)
			}
			if tc.reason != "" {
				checkRefusal(t, got, tc.reason)
			}
		})
	}
}

func certA(f *fixture) string     { return f.certA }
func certB(f *fixture) string     { return f.certB }
func noCert(*fixture) string      { return "" }
func noToken(*fixture) string     { return "" }
func hasReason(r result) string   { s, _ := r.body["reason"].(string); return s }
func errorCode(r result) string   { s, _ := r.body["error"].(string); return s }
func correlation(r result) string { s, _ := r.body["correlation_id"].(string); return s }

// checkRefusal asserts SPEC 4.1: the reason in the body and the challenge,
// a correlation id, and no error code when no credentials were sent.
func checkRefusal(t *testing.T, got result, reason string) {
	t.Helper()
	if hasReason(got) != reason {
		t.Errorf("reason = %q, want %q", hasReason(got), reason)
	}
	if correlation(got) == "" {
		t.Errorf("no correlation_id in %v", got.body)
	}
	want := "invalid_token"
	if got.status == http.StatusBadRequest {
		want = "invalid_request"
	}
	if errorCode(got) != want {
		t.Errorf("error = %q, want %q", errorCode(got), want)
	}
	if got.status != http.StatusUnauthorized {
		return
	}
	noCredentials := reason == authn.ReasonTokenMissing ||
		strings.HasPrefix(got.challenge, authn.CertificateScheme) && reason == authn.ReasonCertificateMissing
	switch {
	case got.challenge == "":
		t.Errorf("401 without WWW-Authenticate")
	case noCredentials && strings.Contains(got.challenge, "error="):
		t.Errorf("challenge %q carries an error code for a request without credentials", got.challenge)
	case !noCredentials && !strings.Contains(got.challenge, `error_description="`+reason+`"`):
		t.Errorf("challenge %q does not name %s", got.challenge, reason)
	}
}
