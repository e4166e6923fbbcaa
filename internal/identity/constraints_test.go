package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/identity"
)

const constraintPolicy = `
constraints:
  allowed_issuers:
    - "CN=Issuing CA,O=Example Corp,C=US"
    - "CN=Other CA,O=Example Corp,C=US"
  allowed_policy_oids: ["1.3.6.1.4.1.99999.1.2", "2.23.140.1.2.1"]
`

func TestMapConstraints(t *testing.T) {
	snap := mustSnapshot(t, constraintPolicy)
	const goodIssuer = "cn=issuing ca, o=example corp, c=us"
	goodOIDs := []string{"1.2.3.4", "1.3.6.1.4.1.99999.1.2"}
	tests := []struct {
		name           string
		issuer         string
		oids           []string
		notBefore      time.Duration // relative to testNow
		notAfter       time.Duration
		wantConstraint string
		wantExpired    bool
	}{
		{name: "ok/all_met", issuer: goodIssuer, oids: goodOIDs},
		{name: "ok/second_issuer", issuer: "CN=Other CA,O=Example Corp,C=US", oids: goodOIDs},
		{name: "ok/validity_bounds_inclusive", issuer: goodIssuer, oids: goodOIDs, notAfter: 1},
		{name: "fail/issuer_prefix", issuer: "CN=Issuing CA,O=Example Corp", oids: goodOIDs,
			wantConstraint: identity.ConstraintIssuers},
		{name: "fail/issuer_superset", issuer: "CN=Evil,CN=Issuing CA,O=Example Corp,C=US",
			oids: goodOIDs, wantConstraint: identity.ConstraintIssuers},
		{name: "fail/issuer_longer_value", issuer: "CN=Issuing CA,O=Example Corporation,C=US",
			oids: goodOIDs, wantConstraint: identity.ConstraintIssuers},
		{name: "fail/issuer_unparsable", issuer: "garbage", oids: goodOIDs,
			wantConstraint: identity.ConstraintIssuers},
		{name: "fail/policy_oid_absent", issuer: goodIssuer,
			wantConstraint: identity.ConstraintPolicyOIDs},
		{name: "fail/policy_oid_prefix", issuer: goodIssuer, oids: []string{"1.3.6.1.4.1.99999.1.20"},
			wantConstraint: identity.ConstraintPolicyOIDs},
		{name: "fail/expired", issuer: goodIssuer, oids: goodOIDs, notAfter: -time.Second,
			wantExpired: true},
		{name: "fail/not_yet_valid", issuer: goodIssuer, oids: goodOIDs, notBefore: time.Second,
			wantExpired: true},
		{name: "fail/expired_before_constraints", issuer: "CN=Evil", notAfter: -time.Second,
			wantExpired: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCert(func(c *clientcert.Certificate) {
				c.Issuer, c.PolicyOIDs = tt.issuer, tt.oids
				c.NotBefore = testNow.Add(tt.notBefore)
				if tt.notBefore == 0 {
					c.NotBefore = testNow.Add(-time.Hour)
				}
				c.NotAfter = testNow.Add(tt.notAfter)
				if tt.notAfter == 0 {
					c.NotAfter = testNow.Add(time.Hour)
				}
			})
			if tt.name == "ok/validity_bounds_inclusive" {
				c.NotBefore, c.NotAfter = testNow, testNow
			}
			_, err := snap.Map(c, testNow)
			checkMapError(t, err, tt.wantConstraint, tt.wantExpired)
		})
	}
}

func checkMapError(t *testing.T, err error, wantConstraint string, wantExpired bool) {
	t.Helper()
	var ce *identity.ConstraintError
	switch {
	case wantExpired:
		if !errors.Is(err, identity.ErrExpired) {
			t.Errorf("Map error = %v, want ErrExpired", err)
		}
	case wantConstraint != "":
		if !errors.As(err, &ce) || ce.Constraint != wantConstraint {
			t.Errorf("Map error = %v, want constraint %s", err, wantConstraint)
		}
	case err != nil:
		t.Errorf("Map error = %v, want none", err)
	}
}
