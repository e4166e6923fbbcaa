package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// TestMapIssuedCertificates runs real certificates through clientcert.New,
// so the issuer DN, UPN otherNames and policy OIDs arrive in the form the
// service sees.
func TestMapIssuedCertificates(t *testing.T) {
	ca := testpki.NewCA(t)
	snap := mustSnapshot(t, `
constraints:
  allowed_issuers: ["cn=test root ca, o=test org"]
  allowed_policy_oids: ["1.3.6.1.4.1.99999.1"]
  allowed_email_domains: [example.com]
rules:
  - name: corp
    type: upn
    match: {domain: corp.example}
    arn: "auth:account:ad:{upn}"
  - name: mesh
    type: spiffe
    match: {trust_domain: mesh.example, path: /ns/prod/sa/batch}
    arn: "auth:account:spiffe:{trust_domain}{path}"
`)
	policy := []string{"1.3.6.1.4.1.99999.1"}
	tests := []struct {
		name     string
		ca       *testpki.CA
		opts     testpki.Options
		wantARN  string
		wantErr  error
		wantRule string
	}{
		{name: "ok/upn", ca: ca, opts: testpki.Options{UPNs: []string{"alice@CORP.example"}, PolicyOIDs: policy},
			wantARN: "auth:account:ad:alice@corp.example", wantRule: "rule:corp"},
		{name: "ok/spiffe", ca: ca,
			opts:    testpki.Options{URIs: []string{"spiffe://mesh.example/ns/prod/sa/batch"}, PolicyOIDs: policy},
			wantARN: "auth:account:spiffe:mesh.example/ns/prod/sa/batch", wantRule: "rule:mesh"},
		{name: "ok/email", ca: ca,
			opts:    testpki.Options{Emails: []string{"bob@example.com"}, UPNs: []string{"bob@corp.example"}, PolicyOIDs: policy},
			wantARN: "auth:account:x509:email:bob@example.com", wantRule: "email_san"},
		{name: "fail/intermediate_issuer", ca: ca.Intermediate(t), opts: testpki.Options{PolicyOIDs: policy},
			wantErr: &identity.ConstraintError{Constraint: identity.ConstraintIssuers}},
		{name: "fail/no_policy", ca: ca, opts: testpki.Options{},
			wantErr: &identity.ConstraintError{Constraint: identity.ConstraintPolicyOIDs}},
		{name: "fail/expired", ca: ca, opts: testpki.Options{PolicyOIDs: policy,
			NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)},
			wantErr: identity.ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, leaf := tt.ca.Issue(t, tt.opts)
			got, err := snap.Map(clientcert.New(leaf, nil), time.Now())
			if tt.wantErr != nil {
				checkMapError(t, err, constraintOf(tt.wantErr), errors.Is(tt.wantErr, identity.ErrExpired))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ARN != tt.wantARN || got.Rule != tt.wantRule {
				t.Errorf("Map = %+v, want %s by %s", got, tt.wantARN, tt.wantRule)
			}
		})
	}
}

func constraintOf(err error) string {
	var ce *identity.ConstraintError
	if errors.As(err, &ce) {
		return ce.Constraint
	}
	return ""
}
