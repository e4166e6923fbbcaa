package clientcert

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// xfccKeys are the keys Envoy writes into an x-forwarded-client-cert
// element.
var xfccKeys = []string{"By", "Hash", "Cert", "Chain", "Subject", "URI", "DNS"}

// looksLikeXFCC reports whether v starts with an XFCC key and '='. No
// base64 or PEM value can: base64 has '=' only at its end.
func looksLikeXFCC(v string) bool {
	key, _, ok := strings.Cut(v, "=")
	return ok && isXFCCKey(strings.TrimSpace(key))
}

func isXFCCKey(key string) bool {
	for _, k := range xfccKeys {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	return false
}

// decodeXFCC reads Envoy's x-forwarded-client-cert. Each proxy appends one
// element, so the one describing the client is fromRight-th from the
// right; elements further left may have come from the client itself. An
// element without Cert or Chain, or a header with too few elements, means
// no certificate.
func decodeXFCC(v string, fromRight int, l *derList) error {
	count := 0
	if err := xfccSplit(v, ',', func(string) { count++ }); err != nil {
		return err
	}
	want := count - fromRight
	if want < 0 {
		return nil
	}

	var elem string
	i := 0
	_ = xfccSplit(v, ',', func(e string) {
		if i == want {
			elem = e
		}
		i++
	})
	cert, chain, err := xfccCertFields(elem)
	if err != nil {
		return err
	}
	return xfccCerts(cert, chain, l)
}

// xfccSplit calls fn with each part of v between separators outside
// double quotes; inside quotes a backslash escapes the next byte.
func xfccSplit(v string, sep byte, fn func(part string)) error {
	start, quoted := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			fn(v[start:i])
			start = i + 1
		}
	}
	if quoted {
		return errors.New("xfcc: unterminated quoted value")
	}
	fn(v[start:])
	return nil
}

// xfccCertFields returns the unquoted Cert and Chain values of one element.
// A key Envoy does not write is refused: such an element was not written
// by Envoy, and guessing at it could pick the wrong certificate.
func xfccCertFields(elem string) (cert, chain string, err error) {
	var seenCert, seenChain bool
	splitErr := xfccSplit(elem, ';', func(pair string) {
		if err != nil {
			return
		}
		key, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || strings.TrimSpace(key) == "" {
			err = errors.New("xfcc: element is not a list of key=value pairs")
			return
		}
		val, err = xfccUnquote(val)
		switch key = strings.TrimSpace(key); {
		case strings.EqualFold(key, "Cert"):
			err = errors.Join(err, once(&seenCert, key))
			cert = val
		case strings.EqualFold(key, "Chain"):
			err = errors.Join(err, once(&seenChain, key))
			chain = val
		case !isXFCCKey(key):
			err = errors.New("xfcc: unknown key")
		}
	})
	return cert, chain, errors.Join(splitErr, err)
}

func once(seen *bool, key string) error {
	if *seen {
		return fmt.Errorf("xfcc: key %s repeated in one element", key)
	}
	*seen = true
	return nil
}

// xfccUnquote removes the double quotes around a value and its backslash
// escapes. A quote inside an unquoted value is refused.
func xfccUnquote(v string) (string, error) {
	if !strings.HasPrefix(v, `"`) {
		if strings.ContainsRune(v, '"') {
			return "", errors.New("xfcc: stray quote in value")
		}
		return v, nil
	}
	if len(v) < 2 || !strings.HasSuffix(v, `"`) {
		return "", errors.New("xfcc: text after quoted value")
	}
	inner := v[1 : len(v)-1]
	if !strings.ContainsRune(inner, '\\') {
		return inner, nil
	}
	var b strings.Builder
	b.Grow(len(inner))
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' && i+1 < len(inner) {
			i++
		}
		b.WriteByte(inner[i])
	}
	return b.String(), nil
}

// xfccCerts decodes Cert (the leaf) and Chain (the whole chain, which
// Envoy starts with the leaf again) into l, leaf first.
func xfccCerts(cert, chain string, l *derList) error {
	if cert == "" && chain == "" {
		return nil
	}
	if cert != "" {
		if err := decodeEscapedPEM(cert, l); err != nil {
			return fmt.Errorf("xfcc Cert: %w", err)
		}
		if len(l.ders) != 1 {
			return errors.New("xfcc Cert: more than one certificate")
		}
	}
	if chain == "" {
		return nil
	}

	var c derList
	if err := decodeEscapedPEM(chain, &c); err != nil {
		return fmt.Errorf("xfcc Chain: %w", err)
	}
	rest := c.ders
	if len(l.ders) == 1 && bytes.Equal(rest[0], l.ders[0]) {
		rest = rest[1:]
	}
	for _, der := range rest {
		if err := l.add(der); err != nil {
			return err
		}
	}
	return nil
}
