package identity_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// BenchmarkMap measures the hot path: constraints plus a walk over every
// rule to the default mapping, which is the most work Map does.
func BenchmarkMap(b *testing.B) {
	policy := strings.Replace(mappingPolicy, "constraints:\n", `constraints:
  allowed_issuers: ["CN=Test Root CA,O=Test Org"]
  allowed_policy_oids: ["1.2.3.4"]
`, 1)
	snap := mustSnapshot(b, policy)
	c := newCert(func(c *clientcert.Certificate) {
		c.PolicyOIDs = []string{"1.2.3.4"}
		c.DNSSANs = []string{"client.other.example"}
		c.EmailSANs = []string{"x@other.example"}
	})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := snap.Map(c, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
