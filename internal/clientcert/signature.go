package clientcert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
)

// checkSignature verifies SPEC 3.4: the signature header carries base64url
// without padding of HMAC-SHA256(secret, value), over the exact bytes of
// the certificate header value. The expected text is computed and compared
// in constant time, so no alternative encoding of the MAC is accepted.
func checkSignature(secret []byte, h http.Header, name, value string) error {
	sigs := h.Values(name)
	switch {
	case len(sigs) == 0:
		return errors.New("signature header missing")
	case len(sigs) > 1:
		return errors.New("signature header repeated")
	}

	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(value))
	var want [43]byte
	base64.RawURLEncoding.Encode(want[:], mac.Sum(nil))
	if !hmac.Equal([]byte(sigs[0]), want[:]) {
		return errors.New("signature does not match")
	}
	return nil
}
