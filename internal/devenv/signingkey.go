package devenv

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/go-jose/go-jose/v4"
)

// SigningKey is the ES256 key that signs development tokens, as a private
// JWK whose kid is its RFC 7638 thumbprint.
type SigningKey struct {
	jwk jose.JSONWebKey
}

// newSigningKey generates a P-256 key for ES256 (RFC 7518 section 3.4).
func newSigningKey() (*SigningKey, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating signing key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: priv, Algorithm: string(jose.ES256), Use: "sig"}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("computing signing key thumbprint: %w", err)
	}
	jwk.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	return &SigningKey{jwk: jwk}, nil
}

// LoadSigningKey reads a private ES256 JWK written by `crudsvc dev`.
func LoadSigningKey(path string) (*SigningKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading signing key: %w", err)
	}
	var jwk jose.JSONWebKey
	if err := json.Unmarshal(data, &jwk); err != nil {
		return nil, fmt.Errorf("decoding signing key %s: %w", path, err)
	}
	priv, ok := jwk.Key.(*ecdsa.PrivateKey)
	if !ok || priv.Curve != elliptic.P256() {
		return nil, fmt.Errorf("signing key %s: want a private P-256 (ES256) JWK", path)
	}
	if jwk.KeyID == "" {
		return nil, errors.New("signing key " + path + ": kid is missing")
	}
	return &SigningKey{jwk: jwk}, nil
}

// KeyID returns the kid tokens carry in their header.
func (k *SigningKey) KeyID() string { return k.jwk.KeyID }

// privateJSON is the private JWK, for the 0600 key file.
func (k *SigningKey) privateJSON() ([]byte, error) {
	data, err := json.MarshalIndent(k.jwk, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding signing key: %w", err)
	}
	return append(data, '\n'), nil
}

// publicJWKS is the key set the service verifies tokens with (JWKS_FILE).
func (k *SigningKey) publicJWKS() ([]byte, error) {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.jwk.Public()}}
	data, err := json.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding key set: %w", err)
	}
	return append(data, '\n'), nil
}
