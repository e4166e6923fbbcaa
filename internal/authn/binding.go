package authn

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/tokenverify"
)

// pathSet holds BINDING_REQUIRED_PATHS in cleaned form.
type pathSet []string

func newPathSet(paths []string) pathSet {
	out := make(pathSet, 0, len(paths))
	for _, p := range paths {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, cleanPath(p))
		}
	}
	return out
}

// covers reports whether p, cleaned the way the router cleans it, is a
// listed path or lies below one at a segment boundary: /workflow/resume
// covers /workflow/resume/42 but not /workflow/resumex.
func (s pathSet) covers(p string) bool {
	return s.coversExact(cleanPath(p))
}

// coversExact is covers for a path taken as it is, without cleaning.
func (s pathSet) coversExact(p string) bool {
	for _, entry := range s {
		if entry == "/" || p == entry || strings.HasPrefix(p, entry) && p[len(entry)] == '/' {
			return true
		}
	}
	return false
}

// coversRequest judges every view of the request path: the decoded one,
// the escaped one, and the router's own, so that no spelling reaches a
// listed handler unchecked (/%65xecute, /workflow/resume/x%2F..%2F..,
// /workflow/%72esume/%2e%2e).
func (s pathSet) coversRequest(r *http.Request) bool {
	escaped := r.URL.EscapedPath()
	return s.covers(r.URL.Path) || s.covers(escaped) || s.coversExact(routerPath(escaped))
}

// routerPath is the path as Go's ServeMux matches it: the escaped path
// cleaned of dot segments and repeated slashes, then each segment
// unescaped on its own, so an escaped "." or "/" stays inside its segment.
func routerPath(escaped string) string {
	segments := strings.Split(cleanPath(escaped), "/")
	for i, seg := range segments {
		if u, err := url.PathUnescape(seg); err == nil {
			segments[i] = u
		}
	}
	return strings.Join(segments, "/")
}

// cleanPath is the path the router dispatches on: percent-escapes already
// decoded by net/url, dot segments and repeated slashes removed, and no
// trailing slash, so that //execute, /./execute, /execute/ and /%65xecute
// are all judged as /execute.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return path.Clean(p)
}

// bound reports whether the token carries a certificate confirmation.
func bound(c *tokenverify.Claims) bool {
	return c.Confirmation != nil && c.Confirmation.Present
}

// matches compares the token's cnf["x5t#S256"] with the certificate
// thumbprint in constant time (RFC 8705 section 3.1). Only a 43-character
// base64url SHA-256 value can match: hex, padded, standard-alphabet and
// SHA-1 values never do.
func matches(c *tokenverify.Claims, cert *clientcert.Certificate) bool {
	if cert == nil || !bound(c) {
		return false
	}
	x5t := c.Confirmation.X5tS256
	if !tokenverify.ValidThumbprint(x5t) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(x5t), []byte(cert.Thumbprint)) == 1
}
