package tokenverify

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"
)

// Claims are the verified claims of a token, parsed once. Treat a returned
// Claims, its Audience and Raw as read-only: a cached token hands out the
// same slices and map to every caller.
type Claims struct {
	Subject  string // sub
	Issuer   string // iss
	ClientID string // client_id, else azp
	Scope    string // scope (space-separated), else scp joined by spaces

	Audience  []string  // aud, a string claim becomes one element
	Expiry    time.Time // exp, always set
	NotBefore time.Time // nbf, zero when absent
	IssuedAt  time.Time // iat, zero when absent

	// Confirmation is the RFC 7800 cnf claim; nil when the token has none.
	Confirmation *Confirmation

	// Raw holds every claim as decoded by encoding/json, for later use.
	Raw map[string]any
}

// Confirmation holds the parts of the cnf claim this service uses.
type Confirmation struct {
	// X5tS256 is cnf["x5t#S256"] (RFC 8705 section 3.1) when it is a
	// string, whatever its content; "" otherwise. Whether it is a
	// well-formed thumbprint is for the binding check (ValidThumbprint).
	X5tS256 string
	// Present reports whether the x5t#S256 member exists, whatever its type.
	Present bool
}

// latestDate bounds NumericDate values (year 9999) so that conversion to
// time.Time cannot overflow.
const latestDate = 253402300799

// parseClaims decodes the JWT claims set (RFC 7519 section 4) and converts
// the registered claims to their types. A registered claim of the wrong
// JSON type refuses the token rather than being ignored.
func parseClaims(payload []byte) (*Claims, error) {
	var raw map[string]any
	if err := json.Unmarshal(payload, &raw); err != nil || raw == nil {
		return nil, invalid(CheckFormat, "claims are not a json object")
	}
	c := &Claims{Raw: raw}
	var err error
	for _, f := range [...]struct {
		name string
		dst  *string
	}{{"iss", &c.Issuer}, {"sub", &c.Subject}, {"client_id", &c.ClientID}} {
		if *f.dst, err = stringClaim(raw, f.name); err != nil {
			return nil, err
		}
	}
	if c.ClientID == "" {
		if c.ClientID, err = stringClaim(raw, "azp"); err != nil {
			return nil, err
		}
	}
	if c.Audience, err = audienceClaim(raw); err != nil {
		return nil, err
	}
	if err = c.parseTimes(raw); err != nil {
		return nil, err
	}
	c.Scope = scopeClaim(raw)
	if c.Confirmation, err = confirmationClaim(raw); err != nil {
		return nil, err
	}
	return c, nil
}

// parseTimes reads exp (required, RFC 8725 section 3.10 asks for bounded
// lifetimes), nbf and iat.
func (c *Claims) parseTimes(raw map[string]any) error {
	if _, ok := raw["exp"]; !ok {
		return invalid(CheckMissingExp, "exp claim is required")
	}
	var err error
	if c.Expiry, err = dateClaim(raw, "exp"); err != nil {
		return err
	}
	if c.NotBefore, err = dateClaim(raw, "nbf"); err != nil {
		return err
	}
	c.IssuedAt, err = dateClaim(raw, "iat")
	return err
}

// stringClaim returns claim name as a string, "" when absent.
func stringClaim(raw map[string]any, name string) (string, error) {
	v, ok := raw[name]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", invalid(CheckFormat, "%s claim is not a string", name)
	}
	return s, nil
}

// audienceClaim accepts aud as one string or an array of strings
// (RFC 7519 section 4.1.3).
func audienceClaim(raw map[string]any) ([]string, error) {
	switch v := raw["aud"].(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, invalid(CheckFormat, "aud claim holds a non-string")
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, invalid(CheckFormat, "aud claim is neither a string nor an array")
}

// dateClaim reads a NumericDate (seconds since the epoch, fractions
// allowed); the zero time when absent.
func dateClaim(raw map[string]any, name string) (time.Time, error) {
	v, ok := raw[name]
	if !ok {
		return time.Time{}, nil
	}
	f, ok := v.(float64)
	if !ok || f < 0 || f > latestDate {
		return time.Time{}, invalid(CheckFormat, "%s claim is not a valid numeric date", name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}

// scopeClaim reads scope (RFC 8693 section 4.2), or the scp array some
// providers send instead.
func scopeClaim(raw map[string]any) string {
	if s, ok := raw["scope"].(string); ok {
		return s
	}
	arr, ok := raw["scp"].([]any)
	if !ok {
		return ""
	}
	parts := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// confirmationClaim reads cnf (RFC 7800 section 3.1), which must be a JSON
// object when present.
func confirmationClaim(raw map[string]any) (*Confirmation, error) {
	v, ok := raw["cnf"]
	if !ok {
		return nil, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &InvalidError{Check: CheckCnf, Err: errors.New("cnf claim is not an object")}
	}
	x5t, present := obj["x5t#S256"]
	s, _ := x5t.(string)
	return &Confirmation{X5tS256: s, Present: present}, nil
}

// ValidThumbprint reports whether s is a well-formed RFC 8705 x5t#S256
// value: 43 characters of canonical unpadded base64url, which is exactly
// the encoding of a 32-byte SHA-256 digest. Hex, padded, standard-alphabet
// and SHA-1 values are not.
func ValidThumbprint(s string) bool {
	return len(s) == 43 && canonicalBase64URL(s)
}
