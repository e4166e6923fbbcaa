package clientcert

import (
	"errors"
	"strings"
)

// maxChainLen caps the certificates one header may carry. Real chains hold
// two to four; the cap keeps parsing work per request small.
const maxChainLen = 10

var errTooManyCerts = errors.New("more than 10 certificates")

// derList collects decoded DER certificates, leaf first.
type derList struct{ ders [][]byte }

func (l *derList) add(der []byte) error {
	if len(der) == 0 {
		return errors.New("empty certificate")
	}
	if len(l.ders) == maxChainLen {
		return errTooManyCerts
	}
	l.ders = append(l.ders, der)
	return nil
}

// decoder turns a forwarded header value into DER certificates.
type decoder struct {
	format        Format
	xfccFromRight int
}

// decode returns the DER certificates in value, leaf first. No
// certificates and no error means the proxy said "no certificate". The
// caller has already bounded len(value); every step below allocates at
// most a few times that.
func (d decoder) decode(value string) ([][]byte, error) {
	v := trimOWS(value)
	if noCertificate(v) {
		return nil, nil
	}

	var l derList
	var err error
	switch d.format {
	case FormatXFCC:
		err = decodeXFCC(v, d.xfccFromRight, &l)
	case FormatRFC9440:
		err = decodeRFC9440(v, &l)
	case FormatDERBase64:
		err = decodeDERBase64(v, &l)
	case FormatTraefik:
		err = decodeTraefik(v, &l)
	case FormatNginx, FormatPEM:
		err = decodeEscapedPEM(v, &l)
	default:
		err = d.auto(v, &l)
	}
	if err != nil {
		return nil, err
	}
	return l.ders, nil
}

// auto tells the forms apart by their first bytes. None is ambiguous: a
// structured-field byte sequence starts with ':', an XFCC element with a
// key and '=', PEM (escaped or not) with '-', and base64 never holds '%'
// or "-----BEGIN".
func (d decoder) auto(v string, l *derList) error {
	switch {
	case v[0] == ':':
		return decodeRFC9440(v, l)
	case looksLikeXFCC(v):
		return decodeXFCC(v, d.xfccFromRight, l)
	}
	text, err := percentDecode(v)
	if err != nil {
		return err
	}
	if strings.Contains(text, pemBegin) {
		return decodePEM(text, l)
	}
	return decodeBase64List(text, l)
}

// trimOWS removes surrounding whitespace, folded line breaks included.
func trimOWS(s string) string { return strings.Trim(s, " \t\r\n") }

// noCertificate reports the values proxies send when the client presented
// no certificate: empty (HAProxy), "(null)" (Apache) and an unreplaced
// placeholder such as {http.request.tls.client.certificate_der_base64}
// (Caddy).
func noCertificate(v string) bool {
	if v == "" || v == "(null)" {
		return true
	}
	return len(v) >= 2 && v[0] == '{' && v[len(v)-1] == '}' &&
		!strings.ContainsAny(v, " \t,;=")
}

// decodeTraefik reads passTLSClientCert with pem: true, percent-escaped as
// a whole by Traefik up to 2.9.1.
func decodeTraefik(v string, l *derList) error {
	text, err := percentDecode(v)
	if err != nil {
		return err
	}
	return decodeBase64List(text, l)
}

// decodeEscapedPEM reads PEM that may be percent-encoded (nginx
// $ssl_client_escaped_cert, Apache escape, AWS ALB) or not.
func decodeEscapedPEM(v string, l *derList) error {
	text, err := percentDecode(v)
	if err != nil {
		return err
	}
	return decodePEM(text, l)
}
