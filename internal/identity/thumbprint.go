package identity

import (
	"encoding/base64"
	"errors"
)

// thumbprintLen is the length of an x5t#S256 value: base64url without
// padding of a 32-byte SHA-256 digest (RFC 8705 section 3.1).
const thumbprintLen = 43

var strictRawURL = base64.RawURLEncoding.Strict()

// validateThumbprint checks that s is a canonical x5t#S256 value. Hex,
// padded, standard-alphabet or non-canonical encodings are refused, so two
// spellings of one digest can never both appear in a policy.
func validateThumbprint(s string) error {
	if len(s) != thumbprintLen {
		return errors.New("thumbprint must be 43 characters of base64url (x5t#S256)")
	}
	b, err := strictRawURL.DecodeString(s)
	if err != nil || len(b) != 32 {
		return errors.New("thumbprint is not canonical base64url without padding")
	}
	return nil
}
