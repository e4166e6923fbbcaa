package clientcert

// Reason is the SPEC 3.3 code of a refused forwarded certificate header.
// It is safe to return to the client.
type Reason string

// The reasons a forwarded certificate header is refused.
const (
	// ReasonDuplicated: the header line appeared more than once.
	ReasonDuplicated Reason = "client_cert_duplicated"
	// ReasonTooLarge: the value exceeds Options.MaxSize.
	ReasonTooLarge Reason = "client_cert_too_large"
	// ReasonMalformed: the value cannot be decoded, or a certificate in it
	// cannot be parsed.
	ReasonMalformed Reason = "client_cert_malformed"
	// ReasonSignatureInvalid: Options.HMACSecret is set and the signature
	// header is missing or wrong (SPEC 3.4).
	ReasonSignatureInvalid Reason = "client_cert_signature_invalid"
)

// Rejection reports a forwarded certificate header that must be refused.
// Callers find it with errors.As and answer 400 invalid_request with
// Reason. Err holds the detailed cause for the log; it never contains
// certificate material.
type Rejection struct {
	Reason Reason
	Err    error
}

// Error returns the reason and the detailed cause.
func (r *Rejection) Error() string {
	if r.Err == nil {
		return "clientcert: " + string(r.Reason)
	}
	return "clientcert: " + string(r.Reason) + ": " + r.Err.Error()
}

// Unwrap returns the detailed cause.
func (r *Rejection) Unwrap() error { return r.Err }

func reject(reason Reason, err error) *Rejection {
	return &Rejection{Reason: reason, Err: err}
}
