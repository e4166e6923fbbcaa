// Package authn is the gate in front of every protected route. It runs the
// verification checklist of SPEC section 4 for the configured mode:
//
//  1. obtain the client certificate (trusted forwarded header or the TLS
//     connection) through package clientcert;
//  2. verify the bearer token through package tokenverify;
//  3. check the certificate against the blocklist and the identity policy
//     through package identity;
//  4. enforce proof-of-possession (RFC 8705 section 3): the token's
//     cnf["x5t#S256"] must equal the certificate's thumbprint where the mode
//     and the path demand it;
//  5. place the Principal in the request context.
//
// Every refusal carries a reason code of SPEC 4.1 in the JSON body, the
// WWW-Authenticate challenge, the log line, the metric and the audit event.
package authn
