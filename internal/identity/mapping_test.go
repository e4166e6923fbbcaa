package identity_test

import (
	"net/url"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

const mappingPolicy = `
thumbprint_map:
  ` + tpMapped + `: auth:account:x509:service:payments-batch
constraints:
  allowed_email_domains: [example.com]
rules:
  - name: payments
    type: spiffe
    match: {trust_domain: prod.example, path_prefix: /payments}
    arn: "auth:account:spiffe:{trust_domain}{path}"
  - name: prod-spiffe
    type: spiffe
    match: {trust_domain: prod.example}
    arn: "auth:account:workload:{spiffe_id}"
  - name: agents
    type: uri
    match: {scheme: https, host: "*.svc.example", path_prefix: /agents}
    arn: "auth:account:uri:{host}{path}"
  - name: hosts
    type: dns
    match: {domain: "*.hosts.example"}
    arn: "auth:account:host:{dns}"
  - name: db
    type: dns
    match: {domain: db.example}
    arn: "auth:account:host:{dns}"
  - name: corp
    type: upn
    match: {domain: corp.example}
    arn: "auth:account:ad:{user}@{domain}"
`

func TestMapPrecedenceAndRules(t *testing.T) {
	snap := mustSnapshot(t, mappingPolicy)
	type sans struct {
		email, dns, upn, uri []string
	}
	tests := []struct {
		name     string
		tp       string
		sans     sans
		wantARN  string
		wantRule string
	}{
		{"ok/thumbprint_map_beats_all", tpMapped,
			sans{email: []string{"bob@example.com"}, uri: []string{"spiffe://prod.example/payments"}},
			"auth:account:x509:service:payments-batch", "thumbprint_map"},
		{"ok/email_beats_rules", "",
			sans{email: []string{"bob@example.com"}, uri: []string{"spiffe://prod.example/payments"}},
			"auth:account:x509:email:bob@example.com", "email_san"},
		{"ok/email_domain_case_folded", "", sans{email: []string{"Bob@EXAMPLE.com"}},
			"auth:account:x509:email:Bob@example.com", "email_san"},
		{"ok/email_second_san_allowed", "", sans{email: []string{"x@other.test", "bob@example.com"}},
			"auth:account:x509:email:bob@example.com", "email_san"},
		{"fail/email_suffix_domain", "", sans{email: []string{"user@example.com.evil.test"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/email_subdomain", "", sans{email: []string{"user@a.example.com"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/email_two_at_signs", "", sans{email: []string{"user@example.com@evil.test"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/email_two_at_signs_reversed", "", sans{email: []string{"user@evil.test@example.com"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"ok/spiffe_path_prefix", "", sans{uri: []string{"spiffe://prod.example/payments/batch"}},
			"auth:account:spiffe:prod.example/payments/batch", "rule:payments"},
		{"ok/spiffe_prefix_itself", "", sans{uri: []string{"spiffe://prod.example/payments"}},
			"auth:account:spiffe:prod.example/payments", "rule:payments"},
		{"ok/spiffe_prefix_segment_boundary", "", sans{uri: []string{"spiffe://prod.example/paymentsx"}},
			"auth:account:workload:spiffe://prod.example/paymentsx", "rule:prod-spiffe"},
		{"fail/spiffe_other_trust_domain", "", sans{uri: []string{"spiffe://prod.example.evil.test/payments"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/spiffe_userinfo_names_td", "", sans{uri: []string{"spiffe://prod.example:x@evil.test/payments"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/spiffe_userinfo_is_no_spiffe_id", "", sans{uri: []string{"spiffe://evil.test:x@prod.example/payments"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/spiffe_dot_segment", "", sans{uri: []string{"spiffe://prod.example/payments/../admin"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"ok/uri_wildcard_host", "", sans{uri: []string{"https://a.svc.example/agents/7"}},
			"auth:account:uri:a.svc.example/agents/7", "rule:agents"},
		{"ok/uri_case_insensitive_scheme_host", "", sans{uri: []string{"HTTPS://A.SVC.example/agents"}},
			"auth:account:uri:a.svc.example/agents", "rule:agents"},
		{"fail/uri_userinfo_names_host", "", sans{uri: []string{"https://a.svc.example@evil.test/agents"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_two_labels", "", sans{uri: []string{"https://a.b.svc.example/agents"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_bare_domain", "", sans{uri: []string{"https://svc.example/agents"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_host_suffix", "", sans{uri: []string{"https://a.svc.example.evil.test/agents"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_path_boundary", "", sans{uri: []string{"https://a.svc.example/agentsx"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_dot_segments", "", sans{uri: []string{"https://a.svc.example/agents/../admin"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_escaped_slash", "", sans{uri: []string{"https://a.svc.example/agents%2F..%2Fadmin"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_escaped_dots", "", sans{uri: []string{"https://a.svc.example/agents/%2E%2E/admin"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/uri_scheme", "", sans{uri: []string{"http://a.svc.example/agents"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/unsafe_arn_value", "", sans{uri: []string{"https://a.svc.example/agents/a%20b"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"ok/dns_wildcard", "", sans{dns: []string{"web1.hosts.example"}},
			"auth:account:host:web1.hosts.example", "rule:hosts"},
		{"ok/dns_exact_case_folded", "", sans{dns: []string{"DB.Example"}},
			"auth:account:host:db.example", "rule:db"},
		{"fail/dns_wildcard_bare", "", sans{dns: []string{"hosts.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/dns_wildcard_two_labels", "", sans{dns: []string{"a.b.hosts.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/dns_wildcard_star_label", "", sans{dns: []string{"*.hosts.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/dns_suffix", "", sans{dns: []string{"db.example.evil.test", "evil-db.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"ok/upn", "", sans{upn: []string{"alice@corp.example"}},
			"auth:account:ad:alice@corp.example", "rule:corp"},
		{"ok/upn_domain_case_folded", "", sans{upn: []string{"alice@CORP.Example"}},
			"auth:account:ad:alice@corp.example", "rule:corp"},
		{"fail/upn_suffix", "", sans{upn: []string{"alice@corp.example.evil.test"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/upn_subdomain", "", sans{upn: []string{"alice@sub.corp.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/upn_two_at_signs", "", sans{upn: []string{"alice@evil.test@corp.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"fail/upn_no_user", "", sans{upn: []string{"@corp.example"}},
			"auth:account:x509:sha256:" + tpPlain, "default"},
		{"ok/rules_in_file_order", "",
			sans{upn: []string{"alice@corp.example"}, dns: []string{"db.example"}},
			"auth:account:host:db.example", "rule:db"},
		{"ok/default", "", sans{},
			"auth:account:x509:sha256:" + tpPlain, "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCert(func(c *clientcert.Certificate) {
				if tt.tp != "" {
					c.Thumbprint = tt.tp
				}
				c.EmailSANs, c.DNSSANs, c.UPNSANs = tt.sans.email, tt.sans.dns, tt.sans.upn
				c.URISANs = mustURIs(t, tt.sans.uri...)
			})
			got, err := snap.Map(c, testNow)
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			want := identity.Mapping{ARN: tt.wantARN, Rule: tt.wantRule}
			if got != want {
				t.Errorf("Map = %+v, want %+v", got, want)
			}
		})
	}
}

func TestMapEmailNeedsAllowedDomains(t *testing.T) {
	snap := mustSnapshot(t, "rules: []\n")
	c := newCert(func(c *clientcert.Certificate) { c.EmailSANs = []string{"bob@example.com"} })
	got, err := snap.Map(c, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rule != identity.RuleDefault {
		t.Errorf("Map = %+v, want the default mapping without allowed_email_domains", got)
	}
}

func TestMapEmptyPolicyIsDefault(t *testing.T) {
	snap := identity.NewSnapshot(nil, nil)
	got, err := snap.Map(newCert(nil), testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := identity.Mapping{ARN: "auth:account:x509:sha256:" + tpPlain, Rule: "default"}
	if got != want || snap.Blocked(tpPlain) {
		t.Errorf("Map = %+v, Blocked = %v; want %+v, false", got, snap.Blocked(tpPlain), want)
	}
}

func TestMapNilURI(t *testing.T) {
	snap := mustSnapshot(t, mappingPolicy)
	c := newCert(func(c *clientcert.Certificate) { c.URISANs = []*url.URL{nil} })
	if _, err := snap.Map(c, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.Map(nil, testNow); err == nil {
		t.Error("Map(nil) succeeded, want an error")
	}
}

func TestZeroSnapshot(t *testing.T) {
	var snap identity.Snapshot
	got, err := snap.Map(newCert(nil), testNow)
	if err != nil || got.Rule != identity.RuleDefault || snap.Blocked(tpPlain) {
		t.Errorf("zero Snapshot: Map = %+v, %v; Blocked = %v", got, err, snap.Blocked(tpPlain))
	}
}
