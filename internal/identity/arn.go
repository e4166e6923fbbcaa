package identity

import (
	"fmt"
	"strings"
)

// placeholder names one value an ARN template may use.
type placeholder int

const (
	phNone placeholder = iota
	phThumbprint
	phTrustDomain
	phPath
	phSpiffeID
	phScheme
	phHost
	phURI
	phDNS
	phUPN
	phUser
	phDomain
	phCount
)

var placeholderNames = map[string]placeholder{
	"thumbprint": phThumbprint, "trust_domain": phTrustDomain, "path": phPath,
	"spiffe_id": phSpiffeID, "scheme": phScheme, "host": phHost, "uri": phURI,
	"dns": phDNS, "upn": phUPN, "user": phUser, "domain": phDomain,
}

// values holds what one matched SAN offers to its ARN template.
type values [phCount]string

// arnTemplate is an ARN with {name} placeholders, split once at load time
// into literal text and placeholders. Rendering only concatenates: no
// template language, no re-interpretation of substituted text.
type arnTemplate []arnPart

type arnPart struct {
	lit string
	ph  placeholder // phNone for literal text
}

// parseARN splits t, accepting only the placeholders in allowed.
func parseARN(t string, allowed ...placeholder) (arnTemplate, error) {
	if !safeValue(t) {
		return nil, fmt.Errorf("arn must be non-empty printable ASCII without spaces")
	}
	var out arnTemplate
	for t != "" {
		open := strings.IndexByte(t, '{')
		if open < 0 {
			out = append(out, arnPart{lit: t})
			break
		}
		if open > 0 {
			out = append(out, arnPart{lit: t[:open]})
		}
		end := strings.IndexByte(t[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("arn has an unclosed '{'")
		}
		name := t[open+1 : open+end]
		ph, ok := placeholderNames[name]
		if !ok || !contains(allowed, ph) {
			return nil, fmt.Errorf("arn placeholder {%s} is not available for this rule type", name)
		}
		out = append(out, arnPart{ph: ph})
		t = t[open+end+1:]
	}
	if strings.ContainsRune(out.literal(), '}') {
		return nil, fmt.Errorf("arn has an unopened '}'")
	}
	return out, nil
}

func contains(list []placeholder, p placeholder) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

func (t arnTemplate) literal() string {
	var b strings.Builder
	for _, p := range t {
		b.WriteString(p.lit)
	}
	return b.String()
}

// render fills the template. It reports false when the result is not a
// safe ARN (a substituted value held white space or control characters), in
// which case the rule does not apply.
func (t arnTemplate) render(v *values) (string, bool) {
	n := 0
	for _, p := range t {
		n += len(p.lit) + len(v[p.ph])
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range t {
		if p.ph == phNone {
			b.WriteString(p.lit)
		} else {
			b.WriteString(v[p.ph])
		}
	}
	s := b.String()
	return s, safeValue(s)
}
