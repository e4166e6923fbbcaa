package config

import (
	"fmt"
	"os"
	"strings"
)

// validate checks settings against each other. Problems stop start-up;
// warnings name settings the chosen mode ignores.
func validate(s *Settings) (problems Problems, warnings []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if s.NeedsToken() {
		if s.JWTIssuer == "" {
			bad("JWT_ISSUER is required in mode %s", s.AuthMode)
		}
		if len(s.JWTAudience) == 0 {
			bad("JWT_AUDIENCE is required in mode %s", s.AuthMode)
		}
		if s.JWKSURL != "" && s.JWKSFile != "" {
			bad("JWKS_URL and JWKS_FILE are both set: choose one")
		}
	} else {
		for _, name := range []string{"JWT_ISSUER", "JWKS_URL", "JWKS_FILE"} {
			if v := lookupField(s, name); v != "" {
				warnings = append(warnings, name+" is ignored in mode mtls")
			}
		}
	}

	// A mode that needs certificates must have a way to obtain one; it
	// never degrades to bearer on its own.
	// With direct TLS only the connection can carry a certificate.
	canGetCert := len(s.TrustedProxies) > 0
	if s.DirectTLS() {
		canGetCert = s.TLSClientCAFile != ""
	}
	if (s.AuthMode == ModeMTLS || s.AuthMode == ModeRequiredBinding) && !canGetCert {
		bad("INBOUND_AUTH_MODE=%s needs client certificates: set TRUSTED_PROXY_CIDRS (behind an edge) "+
			"or TLS_CLIENT_CA_FILE (direct mTLS)", s.AuthMode)
	}
	if s.AuthMode == ModeOptionalBinding && len(s.BindingRequiredPaths) > 0 && !canGetCert {
		bad("BINDING_REQUIRED_PATHS is set but no certificate can arrive: set TRUSTED_PROXY_CIDRS or TLS_CLIENT_CA_FILE")
	}
	if s.AuthMode != ModeOptionalBinding && len(s.BindingRequiredPaths) > 0 {
		warnings = append(warnings, "BINDING_REQUIRED_PATHS is ignored in mode "+s.AuthMode)
	}
	for _, p := range s.BindingRequiredPaths {
		if !strings.HasPrefix(p, "/") {
			bad("BINDING_REQUIRED_PATHS=%q: each path must start with /", p)
		}
	}

	problems = append(problems, validateTLS(s)...)
	if s.DirectTLS() && len(s.TrustedProxies) > 0 {
		warnings = append(warnings, "TRUSTED_PROXY_CIDRS is ignored while the service terminates TLS itself")
	}
	if !strings.HasPrefix(s.StateDatabaseURL, "sqlite:") && !strings.HasPrefix(s.StateDatabaseURL, "postgres://") &&
		!strings.HasPrefix(s.StateDatabaseURL, "postgresql://") {
		bad("STATE_DATABASE_URL=%q: valid forms: sqlite:PATH, postgres://...", s.StateDatabaseURL)
	}
	for _, f := range []struct{ name, path string }{
		{"CERT_IDENTITY_MAPPINGS", s.CertIdentityMappings},
		{"CERT_THUMBPRINT_BLOCKLIST", s.CertThumbprintBlocklist},
		{"JWKS_FILE", s.JWKSFile},
	} {
		if f.path != "" {
			if _, err := os.Stat(f.path); err != nil {
				bad("%s=%q: %v", f.name, f.path, err)
			}
		}
	}
	return problems, warnings
}

func validateTLS(s *Settings) (problems Problems) {
	if (s.TLSCertFile == "") != (s.TLSKeyFile == "") {
		problems = append(problems, "TLS_CERT_FILE and TLS_KEY_FILE must be set together")
	}
	if s.TLSClientCAFile != "" && s.TLSCertFile == "" {
		problems = append(problems, "TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE: "+
			"the service verifies client certificates only when it terminates TLS")
	}
	for _, f := range []struct{ name, path string }{
		{"TLS_CERT_FILE", s.TLSCertFile}, {"TLS_KEY_FILE", s.TLSKeyFile}, {"TLS_CLIENT_CA_FILE", s.TLSClientCAFile},
	} {
		if f.path != "" {
			if _, err := os.Stat(f.path); err != nil {
				problems = append(problems, fmt.Sprintf("%s=%q: %v", f.name, f.path, err))
			}
		}
	}
	return problems
}

func lookupField(s *Settings, name string) string {
	for _, st := range table {
		if st.name == name {
			return st.get(s)
		}
	}
	return ""
}
