//go:build integration

package e2e

import (
	"testing"

	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

const aliceARN = "auth:account:x509:email:alice@example.com"

// matrixRows lists the requests: SPEC 4.0 first, then the edge cases.
func matrixRows(t *testing.T, p *pki, iss *tokentest.Issuer) []row {
	t.Helper()
	alice, bob, rogue := &p.alice, &p.bob, &p.rogue
	boundAlice := iss.MintBound(t, "e2e-client", "crud", alice.thumbprint)
	boundBob := iss.MintBound(t, "e2e-client", "crud", bob.thumbprint)
	unbound := iss.Mint(t, map[string]any{"sub": "e2e-client", "aud": "crud"})
	forged := "ssl-client-cert: " + escapedPEM(t, p.alice)

	rows := []row{
		// SPEC 4.0, through nginx with curl --cert.
		{name: "optional/listed/valid/cert/match", target: "optional-listed", cert: alice,
			token: boundAlice, want: 200},
		{name: "optional/listed/valid/cert/mismatch", target: "optional-listed", cert: alice,
			token: boundBob, want: 401, reason: "sender_binding_mismatch"},
		{name: "optional/listed/valid/no_cert", target: "optional-listed",
			token: boundAlice, want: 401, reason: "certificate_missing"},
		{name: "optional/unlisted/valid/no_cert", target: "optional-unlisted",
			token: unbound, want: 200},
		{name: "optional/unlisted/valid_unbound/cert", target: "optional-unlisted", cert: alice,
			token: unbound, want: 200},
		{name: "optional/unlisted/valid_bound/other_cert", target: "optional-unlisted", cert: bob,
			token: boundAlice, want: 401, reason: "sender_binding_mismatch"},
		{name: "required/valid/no_cert", target: "required",
			token: boundAlice, want: 401, reason: "certificate_missing"},
		{name: "required/valid/cert/mismatch", target: "required", cert: bob,
			token: boundAlice, want: 401, reason: "sender_binding_mismatch"},
		{name: "required/valid_unbound/cert", target: "required", cert: alice,
			token: unbound, want: 401, reason: "token_not_bound"},
		{name: "required/valid/cert/match", target: "required", cert: alice,
			token: boundAlice, want: 200},
		{name: "mtls/no_token/cert", target: "mtls", cert: alice, want: 200, principal: aliceARN},
		{name: "mtls/no_token/no_cert", target: "mtls", want: 401, reason: "certificate_missing"},
		{name: "optional/no_token", target: "optional-listed", cert: alice, want: 401, reason: "token_missing"},
		{name: "required/no_token", target: "required", cert: alice, want: 401, reason: "token_missing"},
		{name: "bearer/no_token", target: "bearer", want: 401, reason: "token_missing"},
		{name: "bearer/valid/cert", target: "bearer", cert: alice, token: boundBob, want: 200},
		{name: "bearer/valid/no_cert", target: "bearer", token: unbound, want: 200},
		{name: "bearer/valid/malformed_header_direct", target: "bearer", direct: true,
			token: unbound, headers: []string{"ssl-client-cert: %%not-a-certificate"}, want: 200},

		// The edge: nginx verifies, and replaces what clients send.
		{name: "edge/untrusted_ca_cert/nginx_refuses", target: "required", cert: rogue,
			token: boundAlice, want: 400},
		{name: "edge/forged_header/no_cert/optional_listed", target: "optional-listed",
			token: boundAlice, headers: []string{forged}, want: 401, reason: "certificate_missing"},
		{name: "edge/forged_header/no_cert/mtls", target: "mtls",
			headers: []string{forged, "ssl-client-verify: SUCCESS"}, want: 401, reason: "certificate_missing"},
		{name: "edge/forged_header/other_cert/required", target: "required", cert: bob,
			token: boundAlice, headers: []string{forged, "ssl-client-verify: SUCCESS"},
			want: 401, reason: "sender_binding_mismatch"},
		{name: "edge/forged_underscore_header/no_cert/mtls", target: "mtls",
			headers: []string{"ssl_client_cert: " + escapedPEM(t, p.alice)}, want: 401, reason: "certificate_missing"},

		// Straight to the service, from outside TRUSTED_PROXY_CIDRS: ignored.
		{name: "direct/untrusted_peer/forged_header", target: "untrusted-required", direct: true,
			token: boundAlice, headers: []string{forged}, want: 401, reason: "certificate_missing"},
		// Control: the same header from a trusted peer is honoured, which is
		// why only the edge may reach the service.
		{name: "direct/trusted_peer/same_header_control", target: "optional-listed", direct: true,
			token: boundAlice, headers: []string{forged, "ssl-client-verify: SUCCESS"}, want: 200},
	}
	return append(rows, traefikRows(t, iss, boundAlice)...)
}

// traefikRows send the captured Traefik header values from a trusted peer,
// as Traefik would, with tokens bound to the captured certificates.
func traefikRows(t *testing.T, iss *tokentest.Issuer, boundOther string) []row {
	t.Helper()
	leafInt := loadCapture(t, "traefik-3.6.12-leaf-and-intermediate.json", "client.crt")
	leafRoot := loadCapture(t, "traefik-3.6.12-leaf-and-root.json", "client2.crt")
	header := func(c capture) []string { return []string{"X-Forwarded-Tls-Client-Cert: " + c.header} }
	bound := iss.MintBound(t, "traefik-client", "crud", leafInt.thumbprint)
	bound2 := iss.MintBound(t, "traefik-client", "crud", leafRoot.thumbprint)
	unbound := iss.Mint(t, map[string]any{"sub": "traefik-client", "aud": "crud"})

	return []row{
		{name: "traefik/optional/listed/cert/match", target: "traefik-optional", direct: true,
			token: bound, headers: header(leafInt), want: 200},
		{name: "traefik/optional/listed/chain_from_root/match", target: "traefik-optional", direct: true,
			token: bound2, headers: header(leafRoot), want: 200},
		{name: "traefik/optional/listed/no_cert", target: "traefik-optional", direct: true,
			token: bound, want: 401, reason: "certificate_missing"},
		{name: "traefik/required/cert/match", target: "traefik-required", direct: true,
			token: bound, headers: header(leafInt), want: 200},
		{name: "traefik/required/cert/mismatch", target: "traefik-required", direct: true,
			token: boundOther, headers: header(leafInt), want: 401, reason: "sender_binding_mismatch"},
		{name: "traefik/required/unbound", target: "traefik-required", direct: true,
			token: unbound, headers: header(leafInt), want: 401, reason: "token_not_bound"},
		{name: "traefik/required/no_cert", target: "traefik-required", direct: true,
			token: bound, want: 401, reason: "certificate_missing"},
		{name: "traefik/mtls/cert/email_mapping", target: "traefik-mtls", direct: true,
			headers: header(leafInt), want: 200, principal: aliceARN},
		{name: "traefik/mtls/cert/thumbprint_mapping", target: "traefik-mtls", direct: true,
			headers: header(leafRoot), want: 200, principal: "auth:account:x509:service:payments-batch"},
		{name: "traefik/mtls/no_cert", target: "traefik-mtls", direct: true,
			want: 401, reason: "certificate_missing"},
	}
}
