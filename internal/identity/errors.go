package identity

import (
	"errors"
	"fmt"
)

// ErrExpired is returned by Snapshot.Map for a leaf certificate that is not
// valid at the time given: expired or not yet valid. The authentication
// layer reports it as certificate_expired.
var ErrExpired = errors.New("identity: certificate is outside its validity period")

// Constraint names carried by ConstraintError.
const (
	ConstraintIssuers    = "allowed_issuers"
	ConstraintPolicyOIDs = "allowed_policy_oids"
)

// ConstraintError is returned by Snapshot.Map when the certificate fails a
// constraint of the policy. The authentication layer reports it as
// certificate_rejected and logs Constraint.
type ConstraintError struct {
	// Constraint names the policy constraint that failed, one of the
	// Constraint* constants.
	Constraint string
	// Detail says why, for the log. It never holds key material.
	Detail string
}

// Error implements error.
func (e *ConstraintError) Error() string {
	return fmt.Sprintf("identity: constraint %s not met: %s", e.Constraint, e.Detail)
}
