package authn_test

import (
	"crypto/elliptic"
	"encoding/asn1"
	"encoding/base64"
	"math/big"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/authn"
	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/identity"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// stubPolicy is a certificate policy with fixed answers.
type stubPolicy struct {
	blocked string
	err     error
}

func (p stubPolicy) Blocked(tp string) bool { return tp == p.blocked }
func (p stubPolicy) Map(c *clientcert.Certificate, _ time.Time) (identity.Mapping, error) {
	if p.err != nil {
		return identity.Mapping{}, p.err
	}
	return identity.Mapping{ARN: "auth:account:x509:test:" + c.Subject, Rule: "stub"}, nil
}

// TestCertificatePolicy: a present certificate must pass the blocklist and
// the policy in every mode but bearer, even on unlisted paths.
func TestCertificatePolicy(t *testing.T) {
	cases := []struct {
		name   string
		policy func(f *fixture) stubPolicy
		reason string
	}{
		{"fail/blocklisted", func(f *fixture) stubPolicy { return stubPolicy{blocked: f.tpA} },
			authn.ReasonCertificateBlocked},
		{"fail/rejected", func(*fixture) stubPolicy {
			return stubPolicy{err: &identity.ConstraintError{Constraint: "allowed_issuers"}}
		}, authn.ReasonCertificateRejected},
		{"fail/expired", func(*fixture) stubPolicy { return stubPolicy{err: identity.ErrExpired} },
			authn.ReasonCertificateExpired},
	}
	for _, mode := range []string{config.ModeOptionalBinding, config.ModeRequiredBinding, config.ModeMTLS} {
		for _, tc := range cases {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				var policy stubPolicy
				f := newFixtureWith(t, mode, nil, func(o *authn.Options) {
					o.Policy = func() authn.CertPolicy { return policy }
				})
				policy = tc.policy(f)
				got := f.do(http.MethodPost, "/other", f.token(f.tpA), f.certA)
				if got.status != http.StatusUnauthorized {
					t.Fatalf("status = %d, want 401", got.status)
				}
				checkRefusal(t, got, tc.reason)
			})
		}
	}

	t.Run("ok/bearer-observes", func(t *testing.T) {
		var policy stubPolicy
		f := newFixtureWith(t, config.ModeBearer, nil, func(o *authn.Options) {
			o.Policy = func() authn.CertPolicy { return policy }
		})
		policy = stubPolicy{blocked: f.tpA}
		if got := f.do(http.MethodPost, "/other", f.token(f.tpA), f.certA); got.status != http.StatusOK {
			t.Fatalf("bearer mode enforced the blocklist: %d", got.status)
		}
		if _, observed, _ := f.counter.snapshot(); observed[authn.ReasonCertificateBlocked] != 1 {
			t.Errorf("blocklisted certificate not observed: %v", observed)
		}
	})
}

// TestDefaultPolicyRefusesExpiredLeaf: without a policy file, validity is
// still checked.
func TestDefaultPolicyRefusesExpiredLeaf(t *testing.T) {
	f := newFixture(t, config.ModeMTLS)
	ca := testpki.NewCA(t)
	_, _, old := ca.Issue(t, testpki.Options{
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour),
	})
	got := f.do(http.MethodPost, "/execute", "", base64.StdEncoding.EncodeToString(old.Raw))
	checkRefusal(t, got, authn.ReasonCertificateExpired)
}

// TestHeaderRejections reaches each SPEC 3.3 reason through the middleware.
func TestHeaderRejections(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	f := newFixtureWith(t, config.ModeOptionalBinding, nil, func(o *authn.Options) {
		ex, err := clientcert.NewExtractor(clientcert.Options{
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
			HMACSecret:     secret,
		})
		if err != nil {
			t.Fatal(err)
		}
		o.Certs = ex
	})
	tok := f.token("")

	t.Run("fail/signature-missing", func(t *testing.T) {
		f.t = t
		checkRefusal(t, f.do(http.MethodPost, "/other", tok, f.certA), authn.ReasonClientCertSignature)
	})
	t.Run("fail/too-large", func(t *testing.T) {
		f.t = t
		checkRefusal(t, f.do(http.MethodPost, "/other", tok, strings.Repeat("A", 40000)),
			authn.ReasonClientCertTooLarge)
	})
	t.Run("fail/duplicated", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/other", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Add("X-Forwarded-Tls-Client-Cert", f.certA)
		req.Header.Add("X-Forwarded-Tls-Client-Cert", f.certB)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest ||
			!strings.Contains(resp.Header.Get("WWW-Authenticate"), authn.ReasonClientCertDuplicated) {
			t.Fatalf("status %d challenge %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	})
}

// TestBlocklistCoversSignatureTwin: re-encoding the ECDSA signature of a
// blocklisted certificate does not get it past the blocklist.
func TestBlocklistCoversSignatureTwin(t *testing.T) {
	var policy stubPolicy
	f := newFixtureWith(t, config.ModeMTLS, nil, func(o *authn.Options) {
		o.Policy = func() authn.CertPolicy { return policy }
	})
	ca := testpki.NewCA(t)
	_, _, orig := ca.Issue(t, testpki.Options{})
	twinDER := signatureTwin(t, orig.Raw)
	policy = stubPolicy{blocked: clientcert.Thumbprint(orig.Raw)}
	for name, der := range map[string][]byte{"original": orig.Raw, "twin": twinDER} {
		got := f.do(http.MethodPost, "/execute", "", base64.StdEncoding.EncodeToString(der))
		if got.status != http.StatusUnauthorized || hasReason(got) != authn.ReasonCertificateBlocked {
			t.Errorf("%s: %d %q, want 401 certificate_blocklisted", name, got.status, hasReason(got))
		}
	}
}

// signatureTwin re-encodes an ECDSA P-256 signature (r, s) as (r, n-s).
func signatureTwin(t *testing.T, der []byte) []byte {
	t.Helper()
	var cert struct {
		TBS, Algo asn1.RawValue
		Sig       asn1.BitString
	}
	var sig struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		t.Fatal(err)
	}
	if _, err := asn1.Unmarshal(cert.Sig.Bytes, &sig); err != nil {
		t.Fatal(err)
	}
	sig.S.Sub(elliptic.P256().Params().N, sig.S)
	b, _ := asn1.Marshal(sig)
	cert.Sig = asn1.BitString{Bytes: b, BitLength: 8 * len(b)}
	out, err := asn1.Marshal(cert)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
