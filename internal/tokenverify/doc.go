// Package tokenverify verifies JWT bearer tokens (RFC 7519) signed as
// compact JWS (RFC 7515) against an issuer's JSON Web Key Set, following the
// best current practices of RFC 8725.
//
// Verification is a fixed checklist: the compact form and its base64url
// segments, the algorithm (from the configured allow-list, never from the
// token alone), the key (by kid, public keys only, key type fitting the
// algorithm), the signature, then the claims iss, aud, exp, nbf, iat and the
// RFC 8705 confirmation claim cnf. Every refusal is an *InvalidError whose
// Check names the failed step; no error ever contains the token.
//
// Keys come from a JWKS URL, from OpenID Connect discovery of the issuer, or
// from a static file. A remote key set is refreshed in the background
// (honouring Cache-Control max-age within bounds) and refetched on an unknown
// kid at most once per cool-down; the last good key set stays in use while
// the endpoint is down. If the key set cannot be fetched at start-up, New
// still succeeds and keys are fetched on demand, so the service can start
// while the identity provider is unavailable.
//
// Verified tokens are kept in a small cache keyed by their SHA-256, so the
// signature is checked once per token; time claims are re-checked on every
// hit and entries are dropped when the key set changes.
package tokenverify
