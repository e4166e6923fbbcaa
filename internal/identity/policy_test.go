package identity_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/identity"
)

func TestParsePolicyErrors(t *testing.T) {
	rule := func(match, arn string) string {
		return "rules:\n  - name: r1\n    type: spiffe\n    match: " + match + "\n    arn: " + arn + "\n"
	}
	tests := []struct {
		name, policy, want string
	}{
		{"fail/unknown_top_key", "thumbprints: {}\n", "test.yaml:1: field thumbprints not found"},
		{"fail/unknown_match_key", rule("{trust_domain: a.example, hots: x}", "x"),
			"test.yaml:4: field hots not found"},
		{"fail/unknown_constraint", "constraints:\n  allowed_issuer: [x]\n",
			"test.yaml:2: field allowed_issuer not found"},
		{"fail/yaml_syntax", "rules: [\n", "test.yaml:"},
		{"fail/two_documents", "rules: []\n---\nrules: []\n", "only one YAML document"},
		{"fail/hex_thumbprint", "thumbprint_map:\n  " + strings.Repeat("ab", 32) + ": auth:x\n",
			"test.yaml:2: thumbprint_map key"},
		{"fail/padded_thumbprint", "thumbprint_map:\n  " + tpPlain + "=: auth:x\n", "test.yaml:2:"},
		{"fail/noncanonical_thumbprint", "thumbprint_map:\n  " + tpPlain[:42] + "5: auth:x\n",
			"not canonical"},
		{"fail/arn_with_space", "thumbprint_map:\n  " + tpPlain + ": auth x\n", "test.yaml:2:"},
		{"fail/empty_issuers", "constraints:\n  allowed_issuers: []\n",
			"test.yaml:2: constraints.allowed_issuers is empty"},
		{"fail/bad_issuer", "constraints:\n  allowed_issuers:\n    - CN=a\n    - FOO=b\n",
			"test.yaml:4: constraints.allowed_issuers[1]"},
		{"fail/bad_oid", "constraints:\n  allowed_policy_oids: [1.2.x]\n", "not a dotted object identifier"},
		{"fail/email_domain_with_at", "constraints:\n  allowed_email_domains: [a@example.com]\n",
			"not a domain name"},
		{"fail/email_domain_wildcard", "constraints:\n  allowed_email_domains: ['*.example.com']\n",
			"not a domain name"},
		{"fail/rule_type", "rules:\n  - {name: r, type: email, match: {domain: a}, arn: x}\n",
			"test.yaml:2: rules[0]: rule r: type \"email\""},
		{"fail/rule_name", "rules:\n  - {name: 'a b', type: dns, match: {domain: a}, arn: x}\n", "name"},
		{"fail/missing_required_key", rule("{path: /a}", "x"), "match.trust_domain is required"},
		{"fail/key_of_other_type", rule("{trust_domain: a.example, host: b.example}", "x"),
			"match.host is not valid for type spiffe"},
		{"fail/empty_key", rule("{trust_domain: ''}", "x"), "match.trust_domain is empty"},
		{"fail/trust_domain_upper", rule("{trust_domain: A.example}", "x"), "not a SPIFFE trust domain"},
		{"fail/trust_domain_as_id", rule("{trust_domain: 'spiffe://a.example'}", "x"),
			"not a SPIFFE trust domain"},
		{"fail/spiffe_prefix_trailing_slash", rule("{trust_domain: a.example, path_prefix: /a/}", "x"),
			"not a SPIFFE ID path"},
		{"fail/path_and_prefix", rule("{trust_domain: a.example, path: /a, path_prefix: /a}", "x"),
			"exclude each other"},
		{"fail/unknown_placeholder", rule("{trust_domain: a.example}", "'a:{nope}'"),
			"placeholder {nope}"},
		{"fail/placeholder_of_other_type", rule("{trust_domain: a.example}", "'a:{dns}'"),
			"placeholder {dns}"},
		{"fail/unclosed_placeholder", rule("{trust_domain: a.example}", "'a:{path'"), "unclosed"},
		{"fail/missing_arn", rule("{trust_domain: a.example}", "''"), "arn must be non-empty"},
		{"fail/uri_bad_host", "rules:\n  - {name: r, type: uri, match: {scheme: https, host: 'a.*.b'}, arn: x}\n",
			"domain a.*.b"},
		{"fail/uri_root_prefix", "rules:\n  - {name: r, type: uri, match: {scheme: https, path_prefix: /}, arn: x}\n",
			"clean absolute path"},
		{"fail/dns_double_wildcard", "rules:\n  - {name: r, type: dns, match: {domain: '*.*.a'}, arn: x}\n",
			"domain"},
		{"fail/duplicate_rule", "rules:\n  - {name: r, type: dns, match: {domain: a}, arn: x}\n" +
			"  - {name: r, type: dns, match: {domain: b}, arn: x}\n", "test.yaml:3: rules[1]: duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := identity.ParsePolicy("test.yaml", []byte(tt.policy))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParsePolicy error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParsePolicyEmpty(t *testing.T) {
	for name, doc := range map[string]string{
		"ok/empty":         "",
		"ok/comments_only": "# nothing here\n",
		"ok/null_lists":    "constraints:\n  allowed_issuers:\n  # - CN=x\n",
	} {
		t.Run(name, func(t *testing.T) {
			p, err := identity.ParsePolicy("test.yaml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			got, err := identity.NewSnapshot(p, nil).Map(newCert(nil), testNow)
			if err != nil || got.Rule != identity.RuleDefault {
				t.Errorf("Map = %+v, %v; want the default mapping", got, err)
			}
		})
	}
}
