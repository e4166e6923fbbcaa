package authn

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/identity"
	"github.com/crudservice/crudsvc/internal/tokenverify"
)

// CertSource finds a request's client certificate; *clientcert.Extractor.
type CertSource interface {
	Extract(r *http.Request) (clientcert.Result, error)
}

// TokenVerifier verifies a compact JWS; *tokenverify.Verifier.
type TokenVerifier interface {
	Verify(ctx context.Context, token string) (*tokenverify.Claims, error)
}

// CertPolicy judges a certificate: the blocklist and the identity mapping.
// *identity.Snapshot implements it.
type CertPolicy interface {
	Blocked(thumbprint string) bool
	Map(c *clientcert.Certificate, now time.Time) (identity.Mapping, error)
}

// Recorder receives the authentication metrics. *metrics.Metrics
// implements it.
type Recorder interface {
	AuthSuccess(d time.Duration)
	AuthFailure(reason string, d time.Duration)
	PopMismatch()
	CertObserved(reason string)
	UntrustedHeader()
}

// Event is one authentication outcome for the audit stream. It holds only
// non-sensitive facts.
type Event struct {
	Success    bool
	Mode       string
	Method     string
	Route      string
	Reason     string
	Thumbprint string
	IssuerDN   string
	PolicyOIDs []string
	Principal  string
}

// Auditor receives every authentication outcome; it must not block.
type Auditor interface {
	Authentication(ctx context.Context, e Event)
}

// Options configures an Authenticator.
type Options struct {
	// Mode is one of the config.Mode* values.
	Mode string
	// BindingPaths demand proof-of-possession in optional mode; each covers
	// itself and everything below it at a segment boundary.
	BindingPaths []string
	// Certs finds client certificates.
	Certs CertSource
	// Tokens verifies bearer tokens; required unless Mode is mtls.
	Tokens TokenVerifier
	// Policy returns the certificate policy in force now; nil means every
	// certificate maps to the default thumbprint ARN.
	Policy func() CertPolicy
	// Provider names the token issuer in principal ARNs
	// (auth:account:{provider}:{sub}).
	Provider string
	// Realm is the WWW-Authenticate realm.
	Realm    string
	Logger   *slog.Logger
	Recorder Recorder
	Auditor  Auditor
	// Now is the clock; time.Now by default.
	Now func() time.Time
}

func (o Options) withDefaults() (Options, error) {
	switch o.Mode {
	case config.ModeBearer, config.ModeOptionalBinding, config.ModeRequiredBinding:
		if o.Tokens == nil {
			return o, fmt.Errorf("authn: mode %s needs a token verifier", o.Mode)
		}
	case config.ModeMTLS:
	default:
		return o, fmt.Errorf("authn: unknown mode %q", o.Mode)
	}
	if o.Certs == nil {
		return o, fmt.Errorf("authn: a certificate source is required")
	}
	if o.Policy == nil {
		o.Policy = func() CertPolicy { return defaultPolicy{} }
	}
	if o.Provider == "" {
		o.Provider = "oidc"
	}
	if o.Realm == "" {
		o.Realm = "crudsvc"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Recorder == nil {
		o.Recorder = nopRecorder{}
	}
	if o.Auditor == nil {
		o.Auditor = nopAuditor{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

type nopRecorder struct{}

func (nopRecorder) AuthSuccess(time.Duration)         {}
func (nopRecorder) AuthFailure(string, time.Duration) {}
func (nopRecorder) PopMismatch()                      {}
func (nopRecorder) CertObserved(string)               {}
func (nopRecorder) UntrustedHeader()                  {}

type nopAuditor struct{}

func (nopAuditor) Authentication(context.Context, Event) {}

// defaultPolicy blocks nothing and maps to the thumbprint ARN; it still
// refuses leaves outside their validity period.
type defaultPolicy struct{}

func (defaultPolicy) Blocked(string) bool { return false }

func (defaultPolicy) BlocklistEmpty() bool { return true }

func (defaultPolicy) Map(c *clientcert.Certificate, now time.Time) (identity.Mapping, error) {
	if now.Before(c.NotBefore) || now.After(c.NotAfter) {
		return identity.Mapping{}, identity.ErrExpired
	}
	return identity.Mapping{ARN: "auth:account:x509:sha256:" + c.Thumbprint, Rule: "default"}, nil
}
