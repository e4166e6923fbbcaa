package identity

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
)

func (r *rule) compileSPIFFE(m *matchFile) error {
	td, err := spiffeid.TrustDomainFromString(*m.TrustDomain)
	if err != nil || td.Name() != *m.TrustDomain {
		return fmt.Errorf("match.trust_domain %q is not a SPIFFE trust domain name", *m.TrustDomain)
	}
	r.trustDomain = td.Name()
	for _, p := range []*string{m.Path, m.PathPrefix} {
		if p != nil {
			if err := spiffeid.ValidatePath(*p); err != nil || *p == "" {
				return fmt.Errorf("match path %q is not a SPIFFE ID path", *p)
			}
		}
	}
	r.path, r.pathPrefix = deref(m.Path), deref(m.PathPrefix)
	return nil
}

func (r *rule) compileURI(m *matchFile) error {
	s := strings.ToLower(*m.Scheme)
	if !validScheme(s) {
		return fmt.Errorf("match.scheme %q is not a URI scheme", *m.Scheme)
	}
	r.scheme = s
	if m.Host != nil {
		h, err := parseHostPattern(*m.Host)
		if err != nil {
			return err
		}
		r.host = h
	}
	for _, p := range []*string{m.Path, m.PathPrefix} {
		if p != nil && (*p == "/" || !strings.HasPrefix(*p, "/") || path.Clean(*p) != *p) {
			return fmt.Errorf("match path %q must be a clean absolute path other than /", *p)
		}
	}
	r.path, r.pathPrefix = deref(m.Path), deref(m.PathPrefix)
	return nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// validScheme checks RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" /
// "-" / "." ).
func validScheme(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// hostPattern is an exact DNS name, or "*.name": exactly one extra label in
// front of name (not name itself, not two labels).
type hostPattern struct {
	name     string
	wildcard bool
}

func parseHostPattern(s string) (hostPattern, error) {
	s = strings.ToLower(s)
	rest, wild := strings.CutPrefix(s, "*.")
	if !validDomain(rest) {
		return hostPattern{}, errors.New("domain " + s + ` must be a DNS name or "*." and a DNS name`)
	}
	return hostPattern{name: rest, wildcard: wild}, nil
}

// match compares a lower-case name.
func (h hostPattern) match(name string) bool {
	if !h.wildcard {
		return name == h.name
	}
	n := len(name) - len(h.name) - 1
	return n > 0 && name[n] == '.' && name[n+1:] == h.name && validLabel(name[:n])
}
