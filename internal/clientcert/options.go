package clientcert

import (
	"fmt"
	"net/netip"
	"strings"
)

// Defaults applied by NewExtractor to zero Options fields.
const (
	DefaultHeader          = "X-Forwarded-Tls-Client-Cert"
	DefaultSignatureHeader = "X-Forwarded-Tls-Client-Cert-Signature"
	DefaultMaxSize         = 32768
	// MinHMACSecretLen is the shortest accepted HMACSecret, in bytes.
	MinHMACSecretLen = 16
)

// Options configures an Extractor. The zero value trusts no proxy, so only
// certificates from a direct TLS connection are seen.
type Options struct {
	// Header carries the forwarded certificate. Default DefaultHeader.
	Header string
	// Format of Header's value. Default FormatAuto.
	Format Format
	// TrustedProxies are the TCP peers whose Header is honoured. Empty
	// trusts nobody. IPv4-mapped IPv6 peers and prefixes are unmapped.
	TrustedProxies []netip.Prefix
	// MaxSize is the largest accepted Header value in bytes. Default
	// DefaultMaxSize.
	MaxSize int
	// VerifyHeader, when set, names a header the edge fills with its own
	// verification result; anything but SUCCESS means no certificate.
	VerifyHeader string
	// XFCCElementFromRight selects the x-forwarded-client-cert element
	// describing the client, counted from the right. Default 1.
	XFCCElementFromRight int
	// HMACSecret, when set, requires SignatureHeader to carry the base64url
	// HMAC-SHA256 of the exact Header value (SPEC 3.4).
	HMACSecret []byte
	// SignatureHeader carries that signature. Default
	// DefaultSignatureHeader.
	SignatureHeader string
	// CacheSize bounds the cache of parsed header values. Zero means
	// DefaultCacheSize; a negative value disables the cache.
	CacheSize int
}

// withDefaults fills zero fields and checks the rest, naming the bad field.
func (o Options) withDefaults() (Options, error) {
	if o.Header == "" {
		o.Header = DefaultHeader
	}
	if o.SignatureHeader == "" {
		o.SignatureHeader = DefaultSignatureHeader
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.XFCCElementFromRight == 0 {
		o.XFCCElementFromRight = 1
	}
	f, err := ParseFormat(string(o.Format))
	if err != nil {
		return o, err
	}
	o.Format = f

	switch {
	case !validHeaderName(o.Header):
		return o, fmt.Errorf("clientcert: invalid header name %q", o.Header)
	case !validHeaderName(o.SignatureHeader):
		return o, fmt.Errorf("clientcert: invalid signature header name %q", o.SignatureHeader)
	case o.VerifyHeader != "" && !validHeaderName(o.VerifyHeader):
		return o, fmt.Errorf("clientcert: invalid verify header name %q", o.VerifyHeader)
	case strings.EqualFold(o.Header, o.VerifyHeader):
		return o, fmt.Errorf("clientcert: verify header must differ from the certificate header")
	case strings.EqualFold(o.Header, o.SignatureHeader):
		return o, fmt.Errorf("clientcert: signature header must differ from the certificate header")
	case o.MaxSize < 0:
		return o, fmt.Errorf("clientcert: max size must be positive, got %d", o.MaxSize)
	case o.XFCCElementFromRight < 0:
		return o, fmt.Errorf("clientcert: xfcc element from right must be positive, got %d",
			o.XFCCElementFromRight)
	case len(o.HMACSecret) > 0 && len(o.HMACSecret) < MinHMACSecretLen:
		return o, fmt.Errorf("clientcert: hmac secret must be at least %d bytes", MinHMACSecretLen)
	}

	o.TrustedProxies, err = normalizePrefixes(o.TrustedProxies)
	return o, err
}

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
