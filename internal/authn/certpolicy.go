package authn

import (
	"errors"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

// judgeCertificate applies the blocklist, the validity period and the
// identity policy to a present certificate, in that order, and records the
// mapped identity on p. One policy snapshot judges the whole request.
func (a *Authenticator) judgeCertificate(cert *clientcert.Certificate, p *Principal) *failure {
	policy := a.o.Policy()
	if blocked(policy, cert) {
		return certRefused(ReasonCertificateBlocked, "thumbprint is on the blocklist", cert)
	}

	m, err := policy.Map(cert, a.o.Now())
	var ce *identity.ConstraintError
	switch {
	case errors.Is(err, identity.ErrExpired):
		return certRefused(ReasonCertificateExpired, err.Error(), cert)
	case errors.As(err, &ce):
		return certRefused(ReasonCertificateRejected, "constraint="+ce.Constraint+": "+err.Error(), cert)
	case err != nil:
		return certRefused(ReasonCertificateRejected, err.Error(), cert)
	}
	p.CertARN, p.CertRule = m.ARN, m.Rule
	return nil
}

func certRefused(reason, detail string, cert *clientcert.Certificate) *failure {
	f := refused(reason, detail)
	f.cert = cert
	return f
}

// blocked matches the certificate and its ECDSA signature re-encodings
// against the blocklist: re-encoding a signature needs no key, so it must
// not make a blocked certificate new.
func blocked(policy CertPolicy, cert *clientcert.Certificate) bool {
	if policy.Blocked(cert.Thumbprint) {
		return true
	}
	if e, ok := policy.(interface{ BlocklistEmpty() bool }); ok && e.BlocklistEmpty() {
		return false
	}
	for _, tp := range cert.SignatureVariants() {
		if policy.Blocked(tp) {
			return true
		}
	}
	return false
}
