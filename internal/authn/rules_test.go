package authn_test

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/config"
)

// TestPathSpellings: every spelling of a listed path is judged as the path
// the router dispatches on, so none reaches a handler without the check.
func TestPathSpellings(t *testing.T) {
	f := newFixture(t, config.ModeOptionalBinding, "/execute", "/workflow/resume")
	tok := f.token(f.tpA)
	for _, p := range []string{
		"/execute", "//execute", "/execute/", "/./execute", "/%65xecute", "/x/../execute",
		"/workflow/resume", "/workflow/resume/42", "/workflow//resume/42", "/workflow/%72esume/42",
		"/workflow/resume/x%2F..%2F..%2F..%2Fhealth", "/workflow/%72esume/%2e%2e",
		"/workflow/%72esume/..%2F..", "/workflow/%72esume/x%2F..%2F..", "/%77orkflow/resume/%2e%2e",
	} {
		t.Run("fail/"+p, func(t *testing.T) {
			f.t = t
			got := f.do(http.MethodPost, p, tok, "")
			if got.status != http.StatusUnauthorized || hasReason(got) != authn.ReasonCertificateMissing {
				t.Fatalf("%s: status %d reason %q, want 401 certificate_missing", p, got.status, hasReason(got))
			}
		})
	}
	for _, p := range []string{"/executex", "/workflow/resumex", "/workflow/start", "/other"} {
		t.Run("ok/"+p, func(t *testing.T) {
			f.t = t
			got := f.do(http.MethodPost, p, f.token(""), "")
			if got.status == http.StatusUnauthorized {
				t.Fatalf("%s: unlisted path refused: %v", p, got.body)
			}
		})
	}
}

// TestConfirmationValues: only the exact base64url SHA-256 thumbprint binds.
func TestConfirmationValues(t *testing.T) {
	f := newFixture(t, config.ModeRequiredBinding)
	raw := decodeB64URL(t, f.tpA)
	sha1Sum := sha1.Sum([]byte(f.certA))
	cases := []struct {
		name   string
		cnf    any
		status int
		reason string
	}{
		{"ok/exact", map[string]any{"x5t#S256": f.tpA}, 200, ""},
		{"fail/hex", map[string]any{"x5t#S256": hex.EncodeToString(raw)}, 401, authn.ReasonBindingMismatch},
		{"fail/padded", map[string]any{"x5t#S256": f.tpA + "="}, 401, authn.ReasonBindingMismatch},
		{"fail/standard-alphabet", map[string]any{"x5t#S256": base64.StdEncoding.EncodeToString(raw)},
			401, authn.ReasonBindingMismatch},
		{"fail/sha1", map[string]any{"x5t#S256": base64.RawURLEncoding.EncodeToString(sha1Sum[:])},
			401, authn.ReasonBindingMismatch},
		{"fail/number", map[string]any{"x5t#S256": 42}, 401, authn.ReasonBindingMismatch},
		{"fail/array", map[string]any{"x5t#S256": []string{f.tpA}}, 401, authn.ReasonBindingMismatch},
		{"fail/other-member-only", map[string]any{"jkt": f.tpA}, 401, authn.ReasonTokenNotBound},
		{"fail/cnf-string", f.tpA, 401, authn.ReasonTokenInvalid},
		{"fail/cnf-array", []any{f.tpA}, 401, authn.ReasonTokenInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.t = t
			tok := f.issuer.Mint(t, map[string]any{"sub": "alice", "aud": audience, "cnf": tc.cnf})
			got := f.do(http.MethodPost, "/execute", tok, f.certA)
			if got.status != tc.status {
				t.Fatalf("status = %d, want %d (%v)", got.status, tc.status, got.body)
			}
			if tc.reason != "" {
				checkRefusal(t, got, tc.reason)
			}
		})
	}
}

// TestHostileTokens are refused as token_invalid whatever the mode.
func TestHostileTokens(t *testing.T) {
	f := newFixture(t, config.ModeOptionalBinding, "/execute")
	good := f.token(f.tpA)
	none := b64url(`{"alg":"none","typ":"JWT"}`) + "." +
		b64url(`{"sub":"alice","aud":"`+audience+`","iss":"`+f.issuer.URL()+`","exp":9999999999}`) + "."
	cases := map[string]string{
		"fail/alg-none":       none,
		"fail/garbage":        "not.a.token",
		"fail/padded-segment": good[:len(good)-1] + "=",
		"fail/wrong-audience": f.issuer.Mint(t, map[string]any{"sub": "alice", "aud": "other"}),
		"fail/expired":        f.issuer.Mint(t, map[string]any{"sub": "alice", "aud": audience, "exp": 1000}),
		"fail/wrong-issuer": f.issuer.Mint(t, map[string]any{"sub": "alice", "aud": audience,
			"iss": "https://evil.example"}),
		"fail/no-subject": f.issuer.Mint(t, map[string]any{"aud": audience}),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			f.t = t
			got := f.do(http.MethodPost, "/execute", tok, f.certA)
			if got.status != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401", got.status)
			}
			checkRefusal(t, got, authn.ReasonTokenInvalid)
		})
	}
}

// TestForwardedHeaderRejections: a trusted peer's unreadable header is a
// 400 in every mode but bearer.
func TestForwardedHeaderRejections(t *testing.T) {
	for _, mode := range []string{config.ModeOptionalBinding, config.ModeRequiredBinding, config.ModeMTLS} {
		f := newFixture(t, mode, "/execute")
		t.Run("fail/malformed/"+mode, func(t *testing.T) {
			f.t = t
			got := f.do(http.MethodPost, "/other", f.token(""), "!!!not base64!!!")
			if got.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400", got.status)
			}
			checkRefusal(t, got, authn.ReasonClientCertMalformed)
		})
	}
	f := newFixture(t, config.ModeBearer)
	got := f.do(http.MethodPost, "/execute", f.token(""), "!!!not base64!!!")
	if got.status != http.StatusOK {
		t.Fatalf("bearer mode failed a request on a malformed certificate: %d", got.status)
	}
	_, observed, _ := f.counter.snapshot()
	if observed[authn.ReasonClientCertMalformed] != 1 {
		t.Errorf("malformed certificate not observed: %v", observed)
	}
}

// TestUntrustedPeer: a header from outside TRUSTED_PROXY_CIDRS is ignored as
// if absent and counted; it never satisfies binding.
func TestUntrustedPeer(t *testing.T) {
	f := newFixture(t, config.ModeRequiredBinding)
	f.srv.Config.Handler = withPeer("203.0.113.9:4000", f.srv.Config.Handler)
	got := f.do(http.MethodPost, "/execute", f.token(f.tpA), f.certA)
	if got.status != http.StatusUnauthorized || hasReason(got) != authn.ReasonCertificateMissing {
		t.Fatalf("forged header from an untrusted peer: status %d reason %q", got.status, hasReason(got))
	}
	if f.counter.untrusted != 1 {
		t.Errorf("untrusted header counted %d times, want 1", f.counter.untrusted)
	}
}

// TestMetricsPerReason: every refusal is counted under its reason, and a
// mismatch also in the proof-of-possession counter.
func TestMetricsPerReason(t *testing.T) {
	f := newFixture(t, config.ModeRequiredBinding)
	f.do(http.MethodPost, "/execute", f.token(f.tpA), f.certB)
	f.do(http.MethodPost, "/execute", "", "")
	f.do(http.MethodPost, "/execute", f.token(f.tpA), f.certA)
	failures, _, mismatch := f.counter.snapshot()
	if failures[authn.ReasonBindingMismatch] != 1 || failures[authn.ReasonTokenMissing] != 1 || mismatch != 1 {
		t.Errorf("failures %v mismatch %d", failures, mismatch)
	}
	if f.counter.successes != 1 {
		t.Errorf("successes = %d, want 1", f.counter.successes)
	}
}

// TestPrincipal reaches handlers through the context.
func TestPrincipal(t *testing.T) {
	f := newFixture(t, config.ModeRequiredBinding)
	got := f.do(http.MethodPost, "/execute", f.token(f.tpA), f.certA)
	if got.status != 200 {
		t.Fatal(got.status, got.body)
	}
	wantARN := "auth:account:oidc:alice"
	if got.body["ARN"] != wantARN || got.body["CertThumbprint"] != f.tpA || got.body["Bound"] != true ||
		got.body["CertARN"] != "auth:account:x509:sha256:"+f.tpA {
		t.Errorf("principal = %v", got.body)
	}

	m := newFixture(t, config.ModeMTLS)
	got = m.do(http.MethodPost, "/execute", "", m.certA)
	if got.body["ARN"] != "auth:account:x509:sha256:"+m.tpA {
		t.Errorf("mtls principal = %v", got.body)
	}
}

func withPeer(addr string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = addr
		h.ServeHTTP(w, r)
	})
}

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func decodeB64URL(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		t.Fatalf("bad thumbprint %q", s)
	}
	return b
}
