package tokenverify

import "strings"

// maxTokenBytes bounds the work spent on one token; real access tokens are
// a few kilobytes at most.
const maxTokenBytes = 32 << 10

// checkCompact refuses anything but the JWS compact serialization of
// RFC 7515 section 7.1: exactly three non-empty segments, each canonical
// unpadded base64url. Canonical matters: lenient decoders accept several
// spellings of one token (padding, the standard alphabet, non-zero trailing
// bits, line breaks), which defeats caching and replay detection by token
// hash (RFC 8725 section 3.2: validate all inputs).
func checkCompact(token string) *InvalidError {
	if len(token) > maxTokenBytes {
		return invalid(CheckFormat, "token longer than %d bytes", maxTokenBytes)
	}
	if strings.Count(token, ".") != 2 {
		return invalid(CheckFormat, "not a compact jws: want three segments")
	}
	header, rest, _ := strings.Cut(token, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	for _, seg := range [...]struct{ name, s string }{
		{"header", header}, {"payload", payload}, {"signature", sig},
	} {
		if !canonicalBase64URL(seg.s) {
			return invalid(CheckFormat, "%s segment is not canonical unpadded base64url", seg.name)
		}
	}
	return nil
}

// canonicalBase64URL reports whether s is non-empty, uses only the URL-safe
// alphabet without padding, and would encode back to itself: a final
// partial group must leave its unused low bits zero. This is the same
// answer as decoding and re-encoding, without allocating.
func canonicalBase64URL(s string) bool {
	if s == "" || len(s)%4 == 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b64Value(s[i]) < 0 {
			return false
		}
	}
	last := b64Value(s[len(s)-1])
	switch len(s) % 4 {
	case 2: // one byte: 12 bits sent, low 4 unused
		return last&0x0f == 0
	case 3: // two bytes: 18 bits sent, low 2 unused
		return last&0x03 == 0
	}
	return true
}

// b64Values maps a byte to its base64url value plus one; 0 means invalid.
var b64Values = func() (t [256]uint8) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := range len(alphabet) {
		t[alphabet[i]] = uint8(i + 1)
	}
	return t
}()

// b64Value returns the 6-bit value of a base64url character, or -1.
func b64Value(c byte) int { return int(b64Values[c]) - 1 }
