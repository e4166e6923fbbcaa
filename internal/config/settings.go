// Package config holds the service settings of SPEC section 2: one struct,
// loaded from SERVICE_CONFIG_DIR/crud.yaml and the environment (the
// environment wins), with defaults in one place and one validation step that
// names the bad setting, its value and the valid choices.
package config

import (
	"net/netip"
	"time"
)

// Authentication modes of SPEC section 4.
const (
	ModeBearer          = "bearer"
	ModeMTLS            = "mtls"
	ModeOptionalBinding = "bearer_plus_mtls_optional"
	ModeRequiredBinding = "bearer_plus_mtls_required"
)

// Modes lists the valid values of INBOUND_AUTH_MODE.
var Modes = []string{ModeBearer, ModeMTLS, ModeOptionalBinding, ModeRequiredBinding}

// CertFormats lists the valid values of FORWARDED_CLIENT_CERT_FORMAT.
var CertFormats = []string{"auto", "traefik", "nginx", "xfcc", "pem", "der-base64", "rfc9440"}

// Algorithms lists the JWS algorithms JWT_ALGORITHMS may name. HMAC
// algorithms are absent on purpose: tokens are verified with public keys.
var Algorithms = []string{
	"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512", "EdDSA",
}

// Settings is the validated configuration of one service instance.
type Settings struct {
	// ConfigDir is SERVICE_CONFIG_DIR: crud.yaml, systems/, workflows/.
	ConfigDir string

	// ListenAddr is the HTTP(S) listen address.
	ListenAddr string
	// AuthMode is one of Modes.
	AuthMode string
	// BindingRequiredPaths demand proof-of-possession in optional mode.
	BindingRequiredPaths []string

	// ForwardedCertHeader is the header the edge puts the certificate in.
	ForwardedCertHeader string
	// ForwardedCertFormat is one of CertFormats.
	ForwardedCertFormat string
	// TrustedProxies are the peers whose connections may carry the header.
	TrustedProxies []netip.Prefix
	// MaxClientCertSize is the largest accepted header value in bytes.
	MaxClientCertSize int
	// ForwardedVerifyHeader, when set, must say SUCCESS for the
	// certificate to count.
	ForwardedVerifyHeader string
	// XFCCElementFromRight picks the x-forwarded-client-cert element.
	XFCCElementFromRight int
	// ForwardedCertHMACSecret, when set, demands a signed header.
	ForwardedCertHMACSecret string
	// ForwardedCertSignatureHeader carries that signature.
	ForwardedCertSignatureHeader string

	// CertIdentityMappings is the identity mapping policy file.
	CertIdentityMappings string
	// CertThumbprintBlocklist is the blocklist file.
	CertThumbprintBlocklist string

	// JWTIssuer is the exact iss required.
	JWTIssuer string
	// JWTAudience lists the accepted audiences.
	JWTAudience []string
	// JWKSURL is the key set URL; empty means OIDC discovery.
	JWKSURL string
	// JWKSFile is a static key set file.
	JWKSFile string
	// JWTAlgorithms is the algorithm allow-list.
	JWTAlgorithms []string
	// JWTLeeway is the clock skew allowed on exp, nbf and iat.
	JWTLeeway time.Duration

	// TLSCertFile and TLSKeyFile make the service serve HTTPS itself.
	TLSCertFile, TLSKeyFile string
	// TLSClientCAFile verifies client certificates directly.
	TLSClientCAFile string
	// TLSClientAuth is require or optional.
	TLSClientAuth string

	// KafkaBrokers, when set, carry the audit stream.
	KafkaBrokers []string
	// KafkaTopicPrefix prefixes the audit topics.
	KafkaTopicPrefix string

	// StateDatabaseURL holds workflow state: sqlite: path or postgres:// URL.
	StateDatabaseURL string

	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is json or text.
	LogFormat string
}

// DirectTLS reports whether the service terminates TLS itself.
func (s *Settings) DirectTLS() bool { return s.TLSCertFile != "" }

// NeedsToken reports whether the mode verifies bearer tokens.
func (s *Settings) NeedsToken() bool { return s.AuthMode != ModeMTLS }
