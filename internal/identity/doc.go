// Package identity decides who a client certificate is.
//
// A policy file (CERT_IDENTITY_MAPPINGS) maps a certificate to a canonical
// identity, an ARN, and constrains which certificates are acceptable at all.
// A blocklist file (CERT_THUMBPRINT_BLOCKLIST) names certificates, by their
// RFC 8705 x5t#S256 thumbprint, that are refused whatever else they carry.
//
// Both files are parsed once into a Snapshot. A Store holds the current
// Snapshot behind an atomic pointer and replaces it whole on Reload, on
// SIGHUP (ReloadOnSignal) and when a file changes on disk (Watch), so a
// request always sees one consistent policy. A file that fails to parse
// leaves the last good version of that file in force.
//
// The caller checks a certificate in this order: Snapshot.Blocked, then
// Snapshot.Map, which refuses an expired or not-yet-valid leaf (ErrExpired),
// then applies the constraints (*ConstraintError), then maps by precedence:
// thumbprint map, email SAN, URI/SPIFFE/DNS/UPN rules in file order, and
// the default auth:account:x509:sha256:{thumbprint}.
package identity
