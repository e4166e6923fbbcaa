package identity

import (
	"net/url"
	"path"
	"strings"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
)

// Rules match parsed SAN components, never raw string prefixes: a URI's
// host is what net/url parsed as the host (after any userinfo), a SPIFFE ID
// is what spiffeid accepts, a path prefix ends at a segment boundary, and a
// domain matches exactly or through one wildcard label.

// apply tries the rule against the certificate's SANs of its type, in
// certificate order, and renders the ARN for the first one that matches.
func (r *rule) apply(uris []*url.URL, dns, upns []string, v *values) (string, bool) {
	switch r.typ {
	case ruleSPIFFE:
		for _, u := range uris {
			if u != nil && r.matchSPIFFE(u, v) {
				return r.arn.render(v)
			}
		}
	case ruleURI:
		for _, u := range uris {
			if u != nil && r.matchURI(u, v) {
				return r.arn.render(v)
			}
		}
	case ruleDNS:
		for _, n := range dns {
			if r.matchDNS(n, v) {
				return r.arn.render(v)
			}
		}
	case ruleUPN:
		for _, n := range upns {
			if r.matchUPN(n, v) {
				return r.arn.render(v)
			}
		}
	}
	return "", false
}

func (r *rule) matchSPIFFE(u *url.URL, v *values) bool {
	if u.Scheme != "spiffe" {
		return false
	}
	// spiffeid refuses userinfo, ports, queries, fragments, dot segments
	// and upper-case trust domains: such a URI is no SPIFFE ID at all.
	id, err := spiffeid.FromURI(u)
	if err != nil || id.TrustDomain().Name() != r.trustDomain {
		return false
	}
	if !r.pathMatches(id.Path()) {
		return false
	}
	v[phTrustDomain], v[phPath], v[phSpiffeID] = r.trustDomain, id.Path(), id.String()
	return true
}

func (r *rule) matchURI(u *url.URL, v *values) bool {
	if u.Scheme != r.scheme { // net/url lower-cases the scheme
		return false
	}
	host := strings.ToLower(u.Hostname())
	if r.host.name != "" && (u.Opaque != "" || !r.host.match(host)) {
		return false
	}
	if r.path != "" || r.pathPrefix != "" {
		// RawPath is set when the path escapes a '/' (or is otherwise not
		// in canonical form): its segments differ from Path's, so refuse.
		if u.Opaque != "" || u.RawPath != "" || !cleanPath(u.Path) || !r.pathMatches(u.Path) {
			return false
		}
	}
	v[phScheme], v[phHost], v[phPath], v[phURI] = u.Scheme, host, u.Path, u.String()
	return true
}

func (r *rule) matchDNS(name string, v *values) bool {
	name = strings.ToLower(name)
	if !r.domain.match(name) {
		return false
	}
	v[phDNS] = name
	return true
}

func (r *rule) matchUPN(upn string, v *values) bool {
	user, domain, ok := splitAddress(upn)
	if !ok || !r.domain.match(domain) {
		return false
	}
	v[phUPN], v[phUser], v[phDomain] = user+"@"+domain, user, domain
	return true
}

// pathMatches applies the exact path or the segment-boundary prefix; a
// rule with neither matches every path.
func (r *rule) pathMatches(p string) bool {
	switch {
	case r.path != "":
		return p == r.path
	case r.pathPrefix != "":
		n := len(r.pathPrefix)
		return p == r.pathPrefix || len(p) > n && p[:n] == r.pathPrefix && p[n] == '/'
	}
	return true
}

// cleanPath reports whether p is empty or an absolute path with no empty,
// "." or ".." segments and no trailing slash.
func cleanPath(p string) bool {
	return p == "" || p[0] == '/' && path.Clean(p) == p
}

// splitAddress splits "local@domain" (an email or UPN), lower-casing the
// domain. More than one '@' (a quoted local part, or a confusable such as
// "a@b.example@evil.test") is refused outright.
func splitAddress(s string) (local, domain string, ok bool) {
	local, domain, found := strings.Cut(s, "@")
	if !found || local == "" || domain == "" || strings.IndexByte(domain, '@') >= 0 {
		return "", "", false
	}
	return local, strings.ToLower(domain), true
}
