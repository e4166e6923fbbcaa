package audit

import (
	"crypto/sha256"
	"encoding/hex"
)

// Outcomes of an authentication attempt.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// SecurityEvent is the data of an authentication outcome. It has no field
// for a token, a certificate or a DN: only values that are safe to ship to
// a shared audit stream.
type SecurityEvent struct {
	Outcome      string   `json:"outcome"`                  // OutcomeSuccess or OutcomeFailure
	Mode         string   `json:"mode"`                     // INBOUND_AUTH_MODE in force
	Method       string   `json:"method"`                   // HTTP method
	Route        string   `json:"route"`                    // cleaned route path
	Reason       string   `json:"reason,omitempty"`         // SPEC 4.1 reason code
	Thumbprint   string   `json:"thumbprint,omitempty"`     // x5t#S256 of the leaf
	IssuerDNHash string   `json:"issuer_dn_hash,omitempty"` // HashDN of the leaf issuer
	PolicyOIDs   []string `json:"policy_oids,omitempty"`    // dotted policy OIDs
	Principal    string   `json:"principal,omitempty"`      // principal ARN
}

// HashDN returns the lowercase hex SHA-256 of an issuer DN string, so the
// audit stream can group certificates by issuer without carrying the name.
// The empty DN hashes to "".
func HashDN(dn string) string {
	if dn == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(dn))
	return hex.EncodeToString(sum[:])
}

// Security builds an auth.success or auth.failure event on the security
// topic, keyed by the correlation id. Any outcome other than OutcomeSuccess
// is recorded as a failure, so a typo never reads as a granted request.
func (b Builder) Security(correlationID string, s SecurityEvent) Event {
	if s.Outcome != OutcomeSuccess {
		s.Outcome = OutcomeFailure
	}
	s.PolicyOIDs = append([]string(nil), s.PolicyOIDs...)
	return b.stamp(TopicSecurity, "auth."+s.Outcome, correlationID, correlationID, s)
}
