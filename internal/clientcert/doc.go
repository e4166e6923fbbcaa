// Package clientcert obtains the client certificate of an HTTP request.
//
// When the service terminates TLS itself the certificate comes from the
// connection. Behind an mTLS-terminating edge it comes from a forwarded
// header, which is honoured only when the TCP peer is a trusted proxy
// (SPEC 3.1). The header is decoded whatever the proxy's encoding (Traefik,
// nginx, Apache, AWS ALB, HAProxy, Caddy, RFC 9440, Envoy XFCC; SPEC 3.2),
// the leaf is parsed once into a [Certificate] carrying its RFC 8705
// x5t#S256 thumbprint, and a header that must be refused yields a
// [*Rejection] whose [Reason] is a SPEC 3.3 code.
//
// The package never logs and never puts certificate material in an error:
// callers may log a Rejection's message as is.
package clientcert
