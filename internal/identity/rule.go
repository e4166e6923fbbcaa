package identity

import (
	"errors"
	"fmt"
	"regexp"
)

// Rule types of the policy file.
const (
	ruleSPIFFE = "spiffe"
	ruleURI    = "uri"
	ruleDNS    = "dns"
	ruleUPN    = "upn"
)

// rule is one compiled entry of the policy's rules list. Only the fields of
// its type are set.
type rule struct {
	name  string
	label string // "rule:<name>", built once for Mapping.Rule
	typ   string

	trustDomain string      // spiffe
	scheme      string      // uri
	host        hostPattern // uri (optional)
	domain      hostPattern // dns, upn
	path        string      // spiffe, uri: exact path
	pathPrefix  string      // spiffe, uri: path prefix at a segment boundary

	arn arnTemplate
}

var ruleNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// allowedKeys lists, per rule type, the match keys it accepts; the first
// one is required.
var allowedKeys = map[string][]string{
	ruleSPIFFE: {"trust_domain", "path", "path_prefix"},
	ruleURI:    {"scheme", "host", "path", "path_prefix"},
	ruleDNS:    {"domain"},
	ruleUPN:    {"domain"},
}

// placeholders lists, per rule type, what its ARN template may use.
var placeholders = map[string][]placeholder{
	ruleSPIFFE: {phThumbprint, phTrustDomain, phPath, phSpiffeID},
	ruleURI:    {phThumbprint, phScheme, phHost, phPath, phURI},
	ruleDNS:    {phThumbprint, phDNS},
	ruleUPN:    {phThumbprint, phUPN, phUser, phDomain},
}

func compileRule(f *ruleFile) (*rule, error) {
	if !ruleNameRE.MatchString(f.Name) {
		return nil, fmt.Errorf("name %q must be 1-64 of A-Z a-z 0-9 . _ - ", f.Name)
	}
	keys, ok := allowedKeys[f.Type]
	if !ok {
		return nil, fmt.Errorf("rule %s: type %q must be one of spiffe, uri, dns, upn", f.Name, f.Type)
	}
	r := &rule{name: f.Name, label: "rule:" + f.Name, typ: f.Type}
	if err := r.compileMatch(&f.Match, keys); err != nil {
		return nil, fmt.Errorf("rule %s: %w", f.Name, err)
	}
	arn, err := parseARN(f.ARN, placeholders[f.Type]...)
	if err != nil {
		return nil, fmt.Errorf("rule %s: %w", f.Name, err)
	}
	r.arn = arn
	return r, nil
}

// compileMatch checks that only keys of the rule's type are present, that
// the required one is, and compiles each.
func (r *rule) compileMatch(m *matchFile, keys []string) error {
	given := map[string]*string{
		"trust_domain": m.TrustDomain, "scheme": m.Scheme, "host": m.Host,
		"path": m.Path, "path_prefix": m.PathPrefix, "domain": m.Domain,
	}
	for k, v := range given {
		if v != nil && !containsString(keys, k) {
			return fmt.Errorf("match.%s is not valid for type %s", k, r.typ)
		}
		if v != nil && *v == "" {
			return fmt.Errorf("match.%s is empty", k)
		}
	}
	if given[keys[0]] == nil {
		return fmt.Errorf("match.%s is required for type %s", keys[0], r.typ)
	}
	if m.Path != nil && m.PathPrefix != nil {
		return errors.New("match.path and match.path_prefix exclude each other")
	}
	switch r.typ {
	case ruleSPIFFE:
		return r.compileSPIFFE(m)
	case ruleURI:
		return r.compileURI(m)
	}
	var err error
	r.domain, err = parseHostPattern(*m.Domain)
	return err
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
