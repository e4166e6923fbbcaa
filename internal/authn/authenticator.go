package authn

import (
	"errors"
	"net/http"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/reqinfo"
)

// Authenticator enforces the configured mode in front of a handler.
type Authenticator struct {
	o     Options
	paths pathSet
}

// New checks o and returns an Authenticator.
func New(o Options) (*Authenticator, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Authenticator{o: o, paths: newPathSet(o.BindingPaths)}, nil
}

// Wrap returns next behind authentication. The principal reaches next
// through the request context (PrincipalFrom).
func (a *Authenticator) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := reqinfo.From(r.Context())
		p, f := a.authenticate(r, info)
		if f != nil {
			a.refuse(w, r, info, f, time.Since(start))
			return
		}
		a.accept(r, info, p, time.Since(start))
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

// failure is a refusal: the status, the SPEC reason code and a detail for
// the log only.
type failure struct {
	status int
	reason string
	detail string
	cert   *clientcert.Certificate
}

func refused(reason, detail string) *failure {
	return &failure{status: http.StatusUnauthorized, reason: reason, detail: detail}
}

// authenticate runs the checklist for the configured mode.
func (a *Authenticator) authenticate(r *http.Request, info *reqinfo.Info) (*Principal, *failure) {
	cert, f := a.certificate(r)
	if cert != nil {
		info.ThumbprintPresent, info.Thumbprint = true, cert.Thumbprint
	}
	if f != nil {
		return nil, f
	}

	var p *Principal
	switch a.o.Mode {
	case config.ModeMTLS:
		p, f = a.certificateOnly(cert)
	case config.ModeBearer:
		p, f = a.bearerObserving(r, cert)
	default:
		p, f = a.bearerWithBinding(r, info, cert)
	}
	if p != nil {
		p.Certificate = cert
	}
	return p, f
}

// certificate obtains the client certificate. A header that must be
// refused fails the request, except in bearer mode, which only observes
// certificates (SPEC 3.3).
func (a *Authenticator) certificate(r *http.Request) (*clientcert.Certificate, *failure) {
	res, err := a.o.Certs.Extract(r)
	if res.IgnoredUntrusted {
		a.o.Recorder.UntrustedHeader()
		a.o.Logger.Warn("forwarded certificate header ignored: peer is not a trusted proxy",
			"correlation_id", reqinfo.CorrelationID(r.Context()), "peer", r.RemoteAddr)
	}
	if res.VerifyFailed {
		a.o.Logger.Info("forwarded certificate ignored: the edge did not verify it",
			"correlation_id", reqinfo.CorrelationID(r.Context()))
	}
	if err == nil {
		return res.Cert, nil
	}

	reason := ReasonClientCertMalformed
	var rej *clientcert.Rejection
	if errors.As(err, &rej) {
		reason = string(rej.Reason)
	}
	if a.o.Mode == config.ModeBearer {
		a.observe(r, reason, err.Error())
		return nil, nil
	}
	return nil, &failure{status: http.StatusBadRequest, reason: reason, detail: err.Error()}
}

// observe counts and logs a certificate outcome that bearer mode does not
// enforce.
func (a *Authenticator) observe(r *http.Request, outcome, detail string) {
	a.o.Recorder.CertObserved(outcome)
	a.o.Logger.Info("certificate outcome observed, not enforced",
		"correlation_id", reqinfo.CorrelationID(r.Context()), "reason", outcome, "detail", detail)
}

// certificateOnly is mtls mode: the certificate is the credential and the
// identity comes from the mapping policy; no token is read.
func (a *Authenticator) certificateOnly(cert *clientcert.Certificate) (*Principal, *failure) {
	if cert == nil {
		return nil, refused(ReasonCertificateMissing, "no client certificate")
	}
	p := &Principal{CertThumbprint: cert.Thumbprint}
	if f := a.judgeCertificate(cert, p); f != nil {
		return nil, f
	}
	p.ARN = p.CertARN
	return p, nil
}

// bearerObserving is bearer mode: only the token decides; the certificate,
// its policy outcome and the would-be binding outcome are counted.
func (a *Authenticator) bearerObserving(r *http.Request, cert *clientcert.Certificate) (*Principal, *failure) {
	p, claims, f := a.token(r)
	if f != nil {
		return nil, f
	}
	if cert == nil {
		if bound(claims) {
			a.observe(r, ReasonCertificateMissing, "bound token without a certificate")
		}
		return p, nil
	}

	p.CertThumbprint = cert.Thumbprint
	if pf := a.judgeCertificate(cert, &Principal{}); pf != nil {
		a.observe(r, pf.reason, pf.detail)
	}
	switch {
	case !bound(claims):
		a.observe(r, ReasonTokenNotBound, "token has no cnf.x5t#S256")
	case !matches(claims, cert):
		a.observe(r, ReasonBindingMismatch, "cnf.x5t#S256 differs from the certificate thumbprint")
	default:
		a.o.Recorder.CertObserved(observedBindingMatch)
	}
	return p, nil
}

// bearerWithBinding is the optional and required modes.
func (a *Authenticator) bearerWithBinding(r *http.Request, info *reqinfo.Info,
	cert *clientcert.Certificate) (*Principal, *failure) {
	p, claims, f := a.token(r)
	if f != nil {
		return nil, f
	}
	if cert != nil {
		p.CertThumbprint = cert.Thumbprint
		if f := a.judgeCertificate(cert, p); f != nil {
			return nil, f
		}
	}

	enforce := a.o.Mode == config.ModeRequiredBinding || a.paths.coversRequest(r)
	info.BindingEnforced = enforce
	if enforce {
		switch {
		case cert == nil:
			return nil, refused(ReasonCertificateMissing, "path requires proof-of-possession")
		case !bound(claims):
			return nil, refused(ReasonTokenNotBound, "token has no cnf.x5t#S256")
		}
	}
	// A bound token is refused with any certificate but its own, even where
	// binding is not demanded (optional mode, unlisted path).
	if cert != nil && bound(claims) && !matches(claims, cert) {
		a.o.Recorder.PopMismatch()
		return nil, refused(ReasonBindingMismatch, "cnf.x5t#S256 differs from the certificate thumbprint")
	}
	p.Bound = cert != nil && bound(claims)
	return p, nil
}
