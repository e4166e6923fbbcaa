package tokenverify

import "fmt"

// Check names for InvalidError.Check: the step of the checklist that refused
// the token. The set is fixed so that callers can use it as a metric label.
const (
	CheckFormat          = "format"           // not a well-formed compact JWS/JWT
	CheckAlgorithm       = "algorithm"        // alg not allowed or not fitting the key
	CheckSignature       = "signature"        // signature does not verify
	CheckUnknownKey      = "unknown_key"      // no key in the key set for kid/alg
	CheckKeysUnavailable = "keys_unavailable" // no key set could be loaded yet
	CheckIssuer          = "issuer"           // iss differs from the configured issuer
	CheckAudience        = "audience"         // aud names no configured audience
	CheckMissingExp      = "missing_exp"      // exp absent
	CheckExpired         = "expired"          // exp passed, beyond the leeway
	CheckNotYetValid     = "not_yet_valid"    // nbf in the future, beyond the leeway
	CheckIssuedInFuture  = "issued_in_future" // iat in the future, beyond the leeway
	CheckCnf             = "cnf"              // cnf present but malformed
)

// InvalidError is returned for every token the verifier refuses. Check is one
// of the Check constants; Err says why, for logs. Neither contains the token.
type InvalidError struct {
	Check string
	Err   error
}

// Error returns "tokenverify: invalid token: <check>: <reason>".
func (e *InvalidError) Error() string {
	if e.Err == nil {
		return "tokenverify: invalid token: " + e.Check
	}
	return "tokenverify: invalid token: " + e.Check + ": " + e.Err.Error()
}

// Unwrap returns the underlying reason.
func (e *InvalidError) Unwrap() error { return e.Err }

// invalid builds an *InvalidError with a formatted reason.
func invalid(check, format string, args ...any) *InvalidError {
	return &InvalidError{Check: check, Err: fmt.Errorf(format, args...)}
}
