package authn

import (
	"context"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// Principal is the authenticated caller, as handlers see it.
type Principal struct {
	// ARN is the canonical identity: auth:account:{provider}:{sub} from the
	// token in the bearer modes, the certificate ARN in mtls mode.
	ARN string
	// Subject is the token's sub; empty in mtls mode.
	Subject string
	// ClientID is the token's client_id, else azp.
	ClientID string
	// Scope is the token's scope claim, space-separated.
	Scope string
	// CertThumbprint is the client certificate's x5t#S256, when present.
	CertThumbprint string
	// CertARN is the identity the certificate maps to, when present and
	// checked against the policy (not in bearer mode, which only observes).
	CertARN string
	// CertRule names the mapping rule that produced CertARN.
	CertRule string
	// Bound reports that proof-of-possession was verified.
	Bound bool
	// Certificate is the client certificate, when one was presented.
	Certificate *clientcert.Certificate
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the request's principal, if authentication ran.
func PrincipalFrom(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	return p, ok
}
