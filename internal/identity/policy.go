package identity

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Policy is a compiled identity mapping policy. It is immutable once built,
// so any number of requests may use it at once.
type Policy struct {
	thumbprints  map[string]string   // x5t#S256 -> ARN
	issuers      map[string]struct{} // canonical DN keys; nil: any issuer
	issuerCache  *issuerCache        // verdicts by issuer string
	emailDomains map[string]struct{} // lower-case; nil: email step off
	policyOIDs   map[string]struct{} // dotted OIDs; nil: no requirement
	rules        []*rule             // in file order
}

// compiler turns the decoded file into a Policy, naming file and line in
// every error.
type compiler struct {
	name string
	root *yaml.Node
}

func (c *compiler) errorf(steps []any, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", c.name, lineOf(c.root, steps...), fmt.Sprintf(format, args...))
}

func (c *compiler) compile(f *policyFile) (*Policy, error) {
	p := &Policy{}
	var err error
	if p.thumbprints, err = c.thumbprintMap(f.ThumbprintMap); err != nil {
		return nil, err
	}
	cons := f.Constraints
	if p.issuers, err = c.set(cons.AllowedIssuers, "allowed_issuers", issuerKey); err != nil {
		return nil, err
	}
	p.issuerCache = &issuerCache{}
	p.emailDomains, err = c.set(cons.AllowedEmailDomains, "allowed_email_domains", emailDomainKey)
	if err != nil {
		return nil, err
	}
	if p.policyOIDs, err = c.set(cons.AllowedPolicyOIDs, "allowed_policy_oids", oidKey); err != nil {
		return nil, err
	}
	if p.rules, err = c.rules(f.Rules); err != nil {
		return nil, err
	}
	return p, nil
}

func (c *compiler) thumbprintMap(m map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(m))
	for tp, arn := range m {
		at := []any{"thumbprint_map", tp}
		if err := validateThumbprint(tp); err != nil {
			return nil, c.errorf(at, "thumbprint_map key %q: %v", tp, err)
		}
		if !safeValue(arn) {
			return nil, c.errorf(at,
				"thumbprint_map %s: ARN must be non-empty printable ASCII without spaces", tp)
		}
		out[tp] = arn
	}
	return out, nil
}

// set compiles one constraint list. An absent (or null) list means no
// constraint; an explicitly empty list is an error rather than a policy
// that silently refuses or allows everything.
func (c *compiler) set(list *[]string, key string,
	norm func(string) (string, error)) (map[string]struct{}, error) {
	if list == nil {
		return nil, nil
	}
	at := []any{"constraints", key}
	if len(*list) == 0 {
		return nil, c.errorf(at,
			"constraints.%s is empty: list at least one value or remove the key", key)
	}
	out := make(map[string]struct{}, len(*list))
	for i, v := range *list {
		k, err := norm(v)
		if err != nil {
			return nil, c.errorf(append(at, i), "constraints.%s[%d] %q: %v", key, i, v, err)
		}
		out[k] = struct{}{}
	}
	return out, nil
}

func issuerKey(s string) (string, error) {
	k, err := dnKey(s)
	if err == nil && k == "" {
		err = fmt.Errorf("empty distinguished name")
	}
	return k, err
}

func emailDomainKey(s string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(s))
	if !validDomain(d) {
		return "", fmt.Errorf("not a domain name (no wildcards, no '@')")
	}
	return d, nil
}

func oidKey(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !validOID(s) {
		return "", fmt.Errorf("not a dotted object identifier")
	}
	return s, nil
}

func (c *compiler) rules(files []ruleFile) ([]*rule, error) {
	out := make([]*rule, 0, len(files))
	seen := make(map[string]bool, len(files))
	for i := range files {
		r, err := compileRule(&files[i])
		if err != nil {
			return nil, c.errorf([]any{"rules", i}, "rules[%d]: %v", i, err)
		}
		if seen[r.name] {
			return nil, c.errorf([]any{"rules", i, "name"}, "rules[%d]: duplicate rule name %q", i, r.name)
		}
		seen[r.name] = true
		out = append(out, r)
	}
	return out, nil
}

// validDomain reports whether d is a lower-case DNS name of LDH labels
// (underscores tolerated), without a trailing dot.
func validDomain(d string) bool {
	if d == "" || len(d) > 253 {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if !validLabel(label) {
			return false
		}
	}
	return true
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// safeValue reports whether s may appear in an ARN: printable ASCII without
// white space, so an ARN can be logged and split on ':' without surprises.
func safeValue(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
