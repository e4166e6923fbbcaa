package identity

import (
	"encoding/asn1"
	"encoding/hex"
	"testing"
)

func TestDNKeyEqual(t *testing.T) {
	ia5, err := asn1.MarshalWithParams("CA@Example.COM", "ia5")
	if err != nil {
		t.Fatal(err)
	}
	hexEmail := "1.2.840.113549.1.9.1=#" + hex.EncodeToString(ia5)

	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"ok/case_and_spaces", "CN=x,O=y", "cn=x, o=y", true},
		{"ok/long_type_names", "commonName=x,organizationName=y", "CN=x,O=y", true},
		{"ok/oid_types", "2.5.4.3=x,OID.2.5.4.10=y", "CN=x,O=y", true},
		{"ok/collapsed_white_space", "CN=  Issuing   CA ,O=y", "CN=issuing ca,O=y", true},
		{"ok/state_alias", "S=Bavaria,C=DE", "ST=bavaria,C=de", true},
		{"ok/email_aliases", "E=ca@example.com,CN=x", "emailAddress=CA@EXAMPLE.com,CN=x", true},
		{"ok/email_hex_ber", hexEmail + ",CN=x", "emailAddress=ca@example.com,CN=x", true},
		{"ok/multi_valued_rdn_is_a_set", "CN=x+OU=a,O=y", "OU=a+CN=x,O=y", true},
		{"ok/hex_escape", `CN=a\2Cb,O=y`, `CN=a\,b,O=y`, true},
		{"ok/legacy_quoted", `CN="a,b",O=y`, `CN=a\,b,O=y`, true},
		{"ok/legacy_semicolon", "CN=x;O=y", "CN=x,O=y", true},
		{"ok/unicode_fold", "CN=STRASSE", "CN=straße", true},
		{"fail/value_is_longer", "CN=x,O=yz", "CN=x,O=y", false},
		{"fail/prefix_of_other", "CN=x,O=y", "CN=x,O=y,C=US", false},
		{"fail/suffix_of_other", "O=y", "CN=x,O=y", false},
		{"fail/substring_of_other", "CN=Issuing CA", "CN=Evil,CN=Issuing CA,O=y", false},
		{"fail/order_matters", "O=y,CN=x", "CN=x,O=y", false},
		{"fail/multi_valued_is_not_two_rdns", "CN=x+OU=a,O=y", "CN=x,OU=a,O=y", false},
		{"fail/escaped_comma_is_not_separator", `CN=a\,b`, "CN=a,CN=b", false},
		{"fail/different_type", "CN=x", "OU=x", false},
		{"fail/unknown_oid_is_case_sensitive", "1.2.3.4=Ab", "1.2.3.4=ab", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, err := dnKey(tt.a)
			if err != nil {
				t.Fatalf("dnKey(%q): %v", tt.a, err)
			}
			kb, err := dnKey(tt.b)
			if err != nil {
				t.Fatalf("dnKey(%q): %v", tt.b, err)
			}
			if got := ka == kb; got != tt.want {
				t.Errorf("equal(%q, %q) = %v, want %v (keys %q, %q)", tt.a, tt.b, got, tt.want, ka, kb)
			}
		})
	}
}

func TestDNKeyErrors(t *testing.T) {
	tests := map[string]string{
		"fail/no_equals":         "CN",
		"fail/trailing_comma":    "CN=x,",
		"fail/unknown_type":      "FOO=x",
		"fail/dangling_escape":   `CN=x\`,
		"fail/bad_escape":        `CN=\zz`,
		"fail/bad_hex":           "CN=#zz",
		"fail/unterminated":      `CN="x`,
		"fail/junk_after_quoted": `CN="x"y`,
		"fail/invalid_utf8":      `CN=\ff`,
	}
	for name, dn := range tests {
		t.Run(name, func(t *testing.T) {
			if k, err := dnKey(dn); err == nil {
				t.Errorf("dnKey(%q) = %q, want an error", dn, k)
			}
		})
	}
}

// FuzzDNKey checks that any issuer string a certificate could carry is
// either refused or given a key, never a panic, and that a key compares
// equal to itself when re-parsed from the same input.
func FuzzDNKey(f *testing.F) {
	for _, s := range []string{"CN=x,O=y", `CN=a\,b+OU=c`, `CN="q"`, "2.5.4.3=#0c0178", "CN=\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k1, err1 := dnKey(s)
		k2, err2 := dnKey(s)
		if k1 != k2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("dnKey(%q) not deterministic", s)
		}
	})
}
