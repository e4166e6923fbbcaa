package authn

// Reason codes of SPEC 4.1. They are the only values of the reason label,
// the reason field of error bodies, and the reason log key.
const (
	ReasonTokenMissing         = "token_missing"
	ReasonTokenInvalid         = "token_invalid"
	ReasonTokenNotBound        = "token_not_bound"
	ReasonBindingMismatch      = "sender_binding_mismatch"
	ReasonCertificateMissing   = "certificate_missing"
	ReasonCertificateBlocked   = "certificate_blocklisted"
	ReasonCertificateRejected  = "certificate_rejected"
	ReasonCertificateExpired   = "certificate_expired"
	ReasonClientCertDuplicated = "client_cert_duplicated"
	ReasonClientCertTooLarge   = "client_cert_too_large"
	ReasonClientCertMalformed  = "client_cert_malformed"
	ReasonClientCertSignature  = "client_cert_signature_invalid"
)

// Reasons lists every reason code, for metrics that start at zero.
var Reasons = []string{
	ReasonTokenMissing, ReasonTokenInvalid, ReasonTokenNotBound, ReasonBindingMismatch,
	ReasonCertificateMissing, ReasonCertificateBlocked, ReasonCertificateRejected, ReasonCertificateExpired,
	ReasonClientCertDuplicated, ReasonClientCertTooLarge, ReasonClientCertMalformed, ReasonClientCertSignature,
}

// Observation outcomes counted in bearer mode, where certificates and
// binding are observed but never enforced.
const (
	observedBindingMatch = "binding_match"
)

// messages are the client-safe texts for each reason.
var messages = map[string]string{
	ReasonTokenMissing:         "a bearer token is required",
	ReasonTokenInvalid:         "the bearer token is not valid",
	ReasonTokenNotBound:        "the token is not bound to a client certificate (cnf.x5t#S256 is missing)",
	ReasonBindingMismatch:      "the token's cnf.x5t#S256 does not match the client certificate",
	ReasonCertificateMissing:   "a client certificate is required",
	ReasonCertificateBlocked:   "the client certificate is blocklisted",
	ReasonCertificateRejected:  "the client certificate is not accepted by the identity policy",
	ReasonCertificateExpired:   "the client certificate is expired or not yet valid",
	ReasonClientCertDuplicated: "the forwarded client certificate header appears more than once",
	ReasonClientCertTooLarge:   "the forwarded client certificate header is too large",
	ReasonClientCertMalformed:  "the forwarded client certificate cannot be read",
	ReasonClientCertSignature:  "the forwarded client certificate header signature is missing or wrong",
}
