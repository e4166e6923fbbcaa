package audit

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Masked replaces every value MaskParams hides.
const Masked = "***"

// unencodable replaces a parameter value that has no JSON form, so one odd
// value does not cost the whole event.
const unencodable = "[unencodable]"

// secretKeyParts are fragments of parameter names that hold secrets. Keys
// are compared lowercased with everything but letters and digits removed,
// so "API-Key", "api_key" and "apiKey" all read "apikey".
var secretKeyParts = []string{
	"password", "passwd", "passphrase", "pwd",
	"secret", "token", "apikey", "accesskey",
	"authorization", "credential", "privatekey", "cookie", "signature",
}

// secretKeys are whole normalised names that are secrets though too short
// to use as fragments.
var secretKeys = map[string]bool{"auth": true, "pin": true}

var (
	// jwtShape matches a compact JWS or JWE: base64url JSON header "eyJ...".
	jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.`)
	// authScheme matches an Authorization header value with its credentials.
	authScheme = regexp.MustCompile(`(?i)^\s*(bearer|basic|digest|negotiate)\s+\S`)
)

// MaskParams returns a copy of params safe for the audit stream. Values under
// a key that names a secret (password, token, api_key, client_secret, ...,
// in any case and at any depth of maps and lists) become Masked, and so do
// strings that look like a secret whatever their key: a JWT, a PEM block or
// an Authorization header value. Values are first brought to their JSON form,
// so structs are masked by their JSON field names. It returns nil for an
// empty map.
func MaskParams(params map[string]any) map[string]any {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		if secretKey(k) {
			out[k] = Masked
			continue
		}
		out[k] = maskValue(jsonForm(v))
	}
	return out
}

// jsonForm turns v into the generic tree encoding/json decodes to (maps,
// slices, strings, json.Number, bools, nil).
func jsonForm(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return unencodable
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return unencodable
	}
	return out
}

// maskValue masks a generic JSON tree in place and returns it.
func maskValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, inner := range t {
			if secretKey(k) {
				t[k] = Masked
				continue
			}
			t[k] = maskValue(inner)
		}
		return t
	case []any:
		for i, inner := range t {
			t[i] = maskValue(inner)
		}
		return t
	case string:
		if secretValue(t) {
			return Masked
		}
		return t
	default:
		return v
	}
}

// secretKey reports whether a parameter name suggests a secret.
func secretKey(k string) bool {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return -1
	}, k)
	if secretKeys[norm] {
		return true
	}
	for _, part := range secretKeyParts {
		if strings.Contains(norm, part) {
			return true
		}
	}
	return false
}

// secretValue reports whether a string looks like a credential.
func secretValue(s string) bool {
	return strings.Contains(s, "-----BEGIN") ||
		jwtShape.MatchString(s) ||
		authScheme.MatchString(s)
}
