package identity_test

import (
	"os"
	"testing"

	"github.com/crudservice/crudsvc/internal/identity"
)

// FuzzParsePolicy: no policy file, however malformed, panics the parser;
// one that parses maps the captured certificate without panicking.
func FuzzParsePolicy(f *testing.F) {
	if sample, err := os.ReadFile("../../config/cert_identity_mappings.yaml"); err == nil {
		f.Add(sample)
	}
	f.Add([]byte("rules:\n  - name: a\n    type: spiffe\n    match: {trust_domain: x.example}\n" +
		"    arn: \"auth:{trust_domain}{path}\"\n"))
	f.Add([]byte("constraints:\n  allowed_issuers: [\"CN=a,O=b\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := identity.ParsePolicy("fuzz.yaml", data)
		if err != nil || p == nil {
			return
		}
		_ = identity.NewSnapshot(p, nil)
	})
}

// FuzzParseBlocklist: the blocklist parser accepts only canonical
// thumbprints and never panics.
func FuzzParseBlocklist(f *testing.F) {
	f.Add([]byte("# comment\nZsTbs2R-ZUl9AHioBcOC8JNPHb8AjveQFPK0rcHZg4s # trailing\n\n"))
	f.Add([]byte("not-a-thumbprint\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := identity.ParseBlocklist("fuzz.txt", data)
		if err == nil && b == nil {
			t.Fatal("nil blocklist without an error")
		}
	})
}
