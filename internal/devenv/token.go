package devenv

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// The development issuer and audience. The issuer is only a name compared
// with iss: the service reads the keys from JWKS_FILE and never fetches
// anything from this URL.
const (
	Issuer   = "https://localhost:8443/dev-issuer"
	Audience = "crud-api"
	// Subject is the default sub of minted tokens.
	Subject = "dev-user"
	// ClientID names the development client in client_id.
	ClientID = "crudsvc-dev"
)

// TokenRequest describes a development token.
type TokenRequest struct {
	Subject  string
	Issuer   string
	Audience string
	// Thumbprint is the x5t#S256 of the client certificate the token is
	// bound to (RFC 8705 section 3.1); empty mints an unbound token.
	Thumbprint string
	TTL        time.Duration
	Now        time.Time
}

// BoundTo returns the x5t#S256 thumbprint of the certificate in a PEM
// file, the value a token bound to it carries in cnf.
func BoundTo(certPath string) (string, error) {
	cert, err := ReadCertificate(certPath)
	if err != nil {
		return "", err
	}
	return clientcert.Thumbprint(cert.Raw), nil
}

// Mint signs a JWT for r with ES256, kid and typ JWT in the header.
func (k *SigningKey) Mint(r TokenRequest) (string, error) {
	if r.TTL <= 0 {
		return "", errors.New("minting token: ttl must be positive")
	}
	payload, err := json.Marshal(claims(r))
	if err != nil {
		return "", fmt.Errorf("minting token: %w", err)
	}

	opts := (&jose.SignerOptions{}).WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k.jwk}, opts)
	if err != nil {
		return "", fmt.Errorf("minting token: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("minting token: %w", err)
	}
	return jws.CompactSerialize()
}

// claims is the JWT claim set of r (RFC 7519 section 4.1).
func claims(r TokenRequest) map[string]any {
	c := map[string]any{
		"iss":       r.Issuer,
		"sub":       r.Subject,
		"aud":       r.Audience,
		"client_id": ClientID,
		"iat":       r.Now.Unix(),
		"nbf":       r.Now.Unix(),
		"exp":       r.Now.Add(r.TTL).Unix(),
		"jti":       rand.Text(),
	}
	if r.Thumbprint != "" {
		c["cnf"] = map[string]any{"x5t#S256": r.Thumbprint}
	}
	return c
}
