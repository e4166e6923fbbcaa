package clientcert

import (
	"fmt"
	"strings"
)

// Format names the encoding of the forwarded certificate header
// (FORWARDED_CLIENT_CERT_FORMAT). FormatAuto accepts every encoding.
type Format string

// The accepted header encodings.
const (
	// FormatAuto recognises every form below from the value itself, and
	// parses the header x-forwarded-client-cert as XFCC.
	FormatAuto Format = "auto"
	// FormatTraefik: bare base64 DER bodies, comma-separated, leaf first;
	// percent-escaped as a whole by Traefik up to 2.9.1.
	FormatTraefik Format = "traefik"
	// FormatNginx: PEM, percent-encoded ($ssl_client_escaped_cert) or with
	// its line breaks turned into spaces or folded whitespace.
	FormatNginx Format = "nginx"
	// FormatXFCC: Envoy/Istio x-forwarded-client-cert.
	FormatXFCC Format = "xfcc"
	// FormatPEM: PEM in any of the forms FormatNginx accepts (Apache,
	// AWS ALB, legacy nginx).
	FormatPEM Format = "pem"
	// FormatDERBase64: standard base64 of DER (HAProxy, Caddy); several
	// certificates may be laid end to end.
	FormatDERBase64 Format = "der-base64"
	// FormatRFC9440: an RFC 8941 byte sequence, ":base64:".
	FormatRFC9440 Format = "rfc9440"
)

var formatNames = []string{
	string(FormatAuto), string(FormatTraefik), string(FormatNginx), string(FormatXFCC),
	string(FormatPEM), string(FormatDERBase64), string(FormatRFC9440),
}

// FormatNames returns the valid format names, for settings validation.
func FormatNames() []string {
	return append([]string(nil), formatNames...)
}

// ParseFormat returns the Format named s (case-insensitive, surrounding
// space ignored). The empty string is FormatAuto.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return FormatAuto, nil
	}
	for _, name := range formatNames {
		if s == name {
			return Format(name), nil
		}
	}
	return "", fmt.Errorf("clientcert: unknown header format %q (valid: %s)",
		s, strings.Join(formatNames, ", "))
}
