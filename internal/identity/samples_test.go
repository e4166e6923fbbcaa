package identity_test

import (
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

// TestSampleFiles keeps the shipped sample policy and blocklist loadable
// and behaving as their comments say.
func TestSampleFiles(t *testing.T) {
	s, err := identity.NewStore(identity.StoreOptions{
		MappingsPath:  "../../config/cert_identity_mappings.yaml",
		BlocklistPath: "../../config/cert_thumbprint_blocklist.txt",
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Current()
	if snap.Blocked(tpMapped) {
		t.Error("the sample blocklist blocks its commented-out example")
	}
	tests := []struct {
		name     string
		mod      func(*clientcert.Certificate)
		wantARN  string
		wantRule string
	}{
		{"ok/client2_thumbprint", func(c *clientcert.Certificate) {
			c.Thumbprint = "tN-RrBJGKVBpg4oaNkxYaOzQxDI0S-ntHB7eyMmScM4"
			c.EmailSANs = []string{"bob@example.com"}
		}, "auth:account:x509:service:payments-batch", "thumbprint_map"},
		{"ok/email", func(c *clientcert.Certificate) {
			c.Thumbprint = tpMapped
			c.EmailSANs = []string{"bob@example.com"}
		}, "auth:account:x509:email:bob@example.com", "email_san"},
		{"ok/spiffe", func(c *clientcert.Certificate) {
			c.Thumbprint = tpMapped
			c.URISANs = mustURIs(t, "spiffe://prod.example.com/ns/payments/sa/batch")
		}, "auth:account:spiffe:prod.example.com/ns/payments/sa/batch", "rule:payments-workloads"},
		{"ok/default", func(c *clientcert.Certificate) { c.Thumbprint = tpMapped },
			"auth:account:x509:sha256:" + tpMapped, "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := snap.Map(newCert(tt.mod), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got.ARN != tt.wantARN || got.Rule != tt.wantRule {
				t.Errorf("Map = %+v, want %s by %s", got, tt.wantARN, tt.wantRule)
			}
		})
	}
}
