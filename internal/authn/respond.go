package authn

import (
	"net/http"
	"strings"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/httpapi"
	"github.com/crudservice/crudsvc/internal/reqinfo"
)

// CertificateScheme is the WWW-Authenticate scheme of mtls mode, where the
// client certificate is the only credential.
const CertificateScheme = "ClientCertificate"

// refuse answers a failed authentication and reports it everywhere: the
// response, the request log, a detailed log line, the metric and the audit
// stream.
func (a *Authenticator) refuse(w http.ResponseWriter, r *http.Request, info *reqinfo.Info, f *failure,
	d time.Duration) {
	info.Outcome, info.Reason = "failure", f.reason
	a.o.Recorder.AuthFailure(f.reason, d)
	a.o.Logger.Warn("authentication refused",
		"correlation_id", info.CorrelationID, "reason", f.reason, "detail", f.detail,
		"mode", a.o.Mode, "route", route(r))
	a.audit(r, false, f.reason, f.cert, "")

	w.Header().Set("WWW-Authenticate", a.challenge(f))
	code := "invalid_token"
	if f.status == http.StatusBadRequest {
		code = "invalid_request"
	}
	httpapi.WriteJSON(w, f.status, httpapi.ErrorBody{
		Error: code, Reason: f.reason, Message: messages[f.reason], CorrelationID: info.CorrelationID,
	})
}

// accept records a successful authentication.
func (a *Authenticator) accept(r *http.Request, info *reqinfo.Info, p *Principal, d time.Duration) {
	info.Outcome, info.Principal = "success", p.ARN
	a.o.Recorder.AuthSuccess(d)
	a.audit(r, true, "", p.Certificate, p.ARN)
}

// challenge builds the WWW-Authenticate value: RFC 6750 section 3 for
// tokens, the same shape under CertificateScheme in mtls mode. A request
// that brought no credentials gets no error code (RFC 6750 section 3.1).
func (a *Authenticator) challenge(f *failure) string {
	scheme := "Bearer"
	if a.o.Mode == config.ModeMTLS {
		scheme = CertificateScheme
	}
	var b strings.Builder
	b.WriteString(scheme + ` realm="` + a.o.Realm + `"`)
	noCredentials := f.reason == ReasonTokenMissing ||
		a.o.Mode == config.ModeMTLS && f.reason == ReasonCertificateMissing
	if noCredentials {
		return b.String()
	}
	code := "invalid_token"
	if f.status == http.StatusBadRequest {
		code = "invalid_request"
	}
	b.WriteString(`, error="` + code + `", error_description="` + f.reason + `"`)
	return b.String()
}

func (a *Authenticator) audit(r *http.Request, ok bool, reason string, cert *clientcert.Certificate, principal string) {
	e := Event{
		Success: ok, Mode: a.o.Mode, Method: r.Method, Route: route(r), Reason: reason, Principal: principal,
	}
	if info := reqinfo.From(r.Context()); info.Thumbprint != "" {
		e.Thumbprint = info.Thumbprint
	}
	if cert != nil {
		e.IssuerDN, e.PolicyOIDs = cert.Issuer, cert.PolicyOIDs
	}
	a.o.Auditor.Authentication(r.Context(), e)
}

// route is the router pattern, a fixed set; never the raw path.
func route(r *http.Request) string {
	if rt := reqinfo.From(r.Context()).Route; rt != "" {
		return rt
	}
	return "unmatched"
}
