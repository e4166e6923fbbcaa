package identity

import (
	"fmt"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// checkConstraints applies the policy's constraints, each only when set.
func (pol *Policy) checkConstraints(c *clientcert.Certificate) error {
	if err := pol.checkIssuer(c.Issuer); err != nil {
		return err
	}
	return pol.checkPolicyOIDs(c.PolicyOIDs)
}

// checkIssuer requires the leaf's issuer DN to equal one of
// allowed_issuers after normalisation (see dnKey). A DN that merely
// contains an allowed one is a different DN.
func (pol *Policy) checkIssuer(issuer string) error {
	if pol.issuers == nil {
		return nil
	}
	return pol.issuerCache.lookup(issuer, pol.issuerAllowed)
}

func (pol *Policy) issuerAllowed(issuer string) error {
	key, err := dnKey(issuer)
	if err != nil {
		return &ConstraintError{Constraint: ConstraintIssuers,
			Detail: fmt.Sprintf("issuer DN cannot be parsed: %v", err)}
	}
	if _, ok := pol.issuers[key]; !ok {
		return &ConstraintError{Constraint: ConstraintIssuers,
			Detail: "issuer DN is not among the allowed issuers"}
	}
	return nil
}

// checkPolicyOIDs requires at least one of allowed_policy_oids among the
// leaf's certificate policies.
func (pol *Policy) checkPolicyOIDs(oids []string) error {
	if pol.policyOIDs == nil {
		return nil
	}
	for _, o := range oids {
		if _, ok := pol.policyOIDs[o]; ok {
			return nil
		}
	}
	return &ConstraintError{Constraint: ConstraintPolicyOIDs,
		Detail: fmt.Sprintf("none of the %d certificate policies is allowed", len(oids))}
}
