package tokenverify

import (
	"context"
	"errors"

	"github.com/go-jose/go-jose/v4"
)

// verifySignature parses the JWS, selects the key and checks the
// signature. It returns the payload and the generation of the key set that
// verified it.
func (v *Verifier) verifySignature(ctx context.Context, token string) ([]byte, uint64, error) {
	// Parse with the allow-list: none, HS* and anything not configured are
	// refused here, before any key is looked at (RFC 8725 section 3.1).
	// go-jose's own messages may quote header bytes, so they are not kept.
	jws, err := jose.ParseSignedCompact(token, v.algs)
	if err != nil {
		var algErr *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &algErr) {
			return nil, 0, invalid(CheckAlgorithm, "alg %q is not allowed", clip(string(algErr.Got)))
		}
		return nil, 0, invalid(CheckFormat, "malformed jws header")
	}
	hdr := jws.Signatures[0].Header

	// Extensions this verifier does not implement must not be ignored
	// (RFC 7515 section 4.1.11); unencoded payloads (RFC 7797) are not JWTs.
	for _, name := range [...]jose.HeaderKey{"crit", "b64"} {
		if _, ok := hdr.ExtraHeaders[name]; ok {
			return nil, 0, invalid(CheckFormat, "header parameter %s is not supported", name)
		}
	}

	ks, key, ierr := v.selectKey(ctx, hdr.KeyID, hdr.Algorithm)
	if ierr != nil {
		return nil, 0, ierr
	}

	// The key is passed as a bare public key, never as a JWK or key set, so
	// the header's kid, jwk, jku or x5c cannot substitute another key.
	payload, err := jws.Verify(key.pub)
	if err != nil {
		return nil, 0, invalid(CheckSignature, "signature does not verify")
	}
	return payload, ks.gen, nil
}

// selectKey finds the key for kid and alg, refetching the key set once
// (within the cool-down) when the key is unknown, e.g. after rotation.
func (v *Verifier) selectKey(ctx context.Context, kid, alg string) (*keySet, verificationKey, error) {
	ks := v.store.keys()
	if ks != nil {
		key, ierr := ks.find(kid, alg)
		if ierr == nil || ierr.Check != CheckUnknownKey {
			return ks, key, nilIfNone(ierr)
		}
	}

	err := v.store.refetch(ctx)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, verificationKey{}, ctxErr
	}
	fresh := v.store.keys()
	if fresh == nil {
		return nil, verificationKey{}, &InvalidError{Check: CheckKeysUnavailable, Err: err}
	}
	key, ierr := fresh.find(kid, alg)
	return fresh, key, nilIfNone(ierr)
}

// nilIfNone converts a nil *InvalidError to a nil error interface.
func nilIfNone(e *InvalidError) error {
	if e == nil {
		return nil
	}
	return e
}
