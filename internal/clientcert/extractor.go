package clientcert

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Source says where a certificate came from.
type Source string

// The sources of a Result.
const (
	SourceNone   Source = "none"   // no certificate
	SourceTLS    Source = "tls"    // the service's own TLS connection
	SourceHeader Source = "header" // the forwarded header of a trusted proxy
)

// Result is the outcome of Extract.
type Result struct {
	// Cert is the client certificate, nil when there is none.
	Cert *Certificate
	// Source is where Cert came from; for a rejection, SourceHeader.
	Source Source
	// IgnoredUntrusted is set when the header arrived from a peer outside
	// the trusted proxies and was ignored, for the caller to log and count.
	IgnoredUntrusted bool
	// VerifyFailed is set when the header was present but the edge's
	// verification header said anything but SUCCESS; Cert is then nil.
	VerifyFailed bool
}

// Extractor finds the client certificate of a request. It is safe for
// concurrent use.
type Extractor struct {
	opts  Options
	dec   decoder
	cache *parsedCache
}

// NewExtractor checks opts, fills the defaults and returns an Extractor.
func NewExtractor(opts Options) (*Extractor, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	o.HMACSecret = append([]byte(nil), o.HMACSecret...)
	o.TrustedProxies = append([]netip.Prefix(nil), o.TrustedProxies...)

	// Envoy's header has one meaning only; auto would also find it, but
	// naming it settles the question before the value is read.
	format := o.Format
	if format == FormatAuto && strings.EqualFold(o.Header, "x-forwarded-client-cert") {
		format = FormatXFCC
	}
	cache, err := newParsedCache(o.CacheSize)
	if err != nil {
		return nil, err
	}
	return &Extractor{
		opts:  o,
		dec:   decoder{format: format, xfccFromRight: o.XFCCElementFromRight},
		cache: cache,
	}, nil
}

// Extract finds the client certificate of r: from the TLS connection when
// the service terminates TLS itself, else from the forwarded header when
// the peer is trusted. Result.Cert is nil when there is none. A header
// that must be refused gives a *Rejection (errors.As) whose Reason is a
// SPEC 3.3 code.
func (e *Extractor) Extract(r *http.Request) (Result, error) {
	// SPEC 3.5: the connection's certificate wins, headers are ignored.
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		peer := r.TLS.PeerCertificates
		return Result{Cert: New(peer[0], peer[1:]), Source: SourceTLS}, nil
	}

	values := r.Header.Values(e.opts.Header)
	if len(values) == 0 {
		return Result{Source: SourceNone}, nil
	}

	// SPEC 3.1: only the TCP peer decides trust; from anyone else the
	// header is treated as absent.
	if !trusted(e.opts.TrustedProxies, r.RemoteAddr) {
		return Result{Source: SourceNone, IgnoredUntrusted: true}, nil
	}
	return e.fromHeader(r, values)
}

// fromHeader runs the SPEC 3.3 checklist on a trusted peer's header.
func (e *Extractor) fromHeader(r *http.Request, values []string) (Result, error) {
	refused := Result{Source: SourceHeader}

	// Two lines would let one proxy and one client each supply a value.
	if len(values) > 1 {
		return refused, reject(ReasonDuplicated,
			fmt.Errorf("header %s appears %d times", e.opts.Header, len(values)))
	}

	// Size first, so no decoder ever sees an oversized value.
	value := values[0]
	if len(value) > e.opts.MaxSize {
		return refused, reject(ReasonTooLarge,
			fmt.Errorf("header value is %d bytes, limit %d", len(value), e.opts.MaxSize))
	}

	if len(e.opts.HMACSecret) > 0 {
		err := checkSignature(e.opts.HMACSecret, r.Header, e.opts.SignatureHeader, value)
		if err != nil {
			return refused, reject(ReasonSignatureInvalid, err)
		}
	}

	// The proxy's way of saying "no certificate" is not a verify failure.
	if noCertificate(trimOWS(value)) {
		return Result{Source: SourceNone}, nil
	}

	// ingress-nginx optional_no_ca forwards certificates it did not verify.
	if e.opts.VerifyHeader != "" && !edgeVerified(r.Header.Values(e.opts.VerifyHeader)) {
		return Result{Source: SourceNone, VerifyFailed: true}, nil
	}

	cert, err := e.cache.parse(value, e.parse)
	if err != nil {
		return refused, reject(ReasonMalformed, err)
	}
	if cert == nil {
		return Result{Source: SourceNone}, nil
	}
	return Result{Cert: cert, Source: SourceHeader}, nil
}

func edgeVerified(v []string) bool {
	return len(v) == 1 && v[0] == "SUCCESS"
}

// parse decodes value and parses every certificate in it, leaf first. Any
// unreadable entry refuses the whole header.
func (e *Extractor) parse(value string) (*Certificate, error) {
	ders, err := e.dec.decode(value)
	if err != nil {
		return nil, fmt.Errorf("decoding forwarded certificate: %w", err)
	}
	if len(ders) == 0 {
		return nil, nil
	}
	return parseDERs(ders)
}

func parseDERs(ders [][]byte) (*Certificate, error) {
	certs := make([]*x509.Certificate, len(ders))
	for i, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("parsing leaf certificate: %w", err)
			}
			return nil, fmt.Errorf("parsing chain certificate %d: %w", i, err)
		}
		certs[i] = c
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificate")
	}
	return New(certs[0], certs[1:]), nil
}
