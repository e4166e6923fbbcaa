package devenv

import (
	"github.com/crudservice/crudsvc/internal/config"
)

// DefaultAddr is where `crudsvc dev` listens: loopback only, because the
// keys it serves with are public to anyone who can read the directory.
const DefaultAddr = "127.0.0.1:8443"

// DemoDBEnv is the variable config/systems/demo.yaml reads the demo
// system's SQLite path from.
const DemoDBEnv = "DEMO_DB_PATH"

// SettingsOptions chooses what a development run may change.
type SettingsOptions struct {
	// Addr, when set (the --addr flag), wins over LISTEN_ADDR.
	Addr string
	// ConfigDir is the service configuration directory, used when
	// SERVICE_CONFIG_DIR is unset.
	ConfigDir string
}

// Lookup layers the development settings over env for config.Load.
//
// Two kinds of value: the material this package created (TLS files, the
// key set, issuer and audience) is pinned, because the printed commands
// and minted tokens only work with it; everything else is a default the
// environment may override, such as LISTEN_ADDR, LOG_FORMAT or
// INBOUND_AUTH_MODE.
func (e *Env) Lookup(env config.Lookup, o SettingsOptions) config.Lookup {
	pinned := map[string]string{
		"TLS_CERT_FILE":      e.Path(ServerCertFile),
		"TLS_KEY_FILE":       e.Path(ServerKeyFile),
		"TLS_CLIENT_CA_FILE": e.Path(CACertFile),
		"JWKS_FILE":          e.Path(JWKSFile),
		"JWKS_URL":           "",
		"JWT_ISSUER":         Issuer,
		"JWT_AUDIENCE":       Audience,
	}
	if o.Addr != "" {
		pinned["LISTEN_ADDR"] = o.Addr
	}
	defaults := map[string]string{
		"SERVICE_CONFIG_DIR": o.ConfigDir,
		"LISTEN_ADDR":        DefaultAddr,
		"INBOUND_AUTH_MODE":  config.ModeOptionalBinding,
		// /health stays reachable without a certificate (and from a
		// browser); the listed paths demand one and a matching token.
		"TLS_CLIENT_AUTH":        "optional",
		"BINDING_REQUIRED_PATHS": "/execute,/workflow",
		"STATE_DATABASE_URL":     "sqlite:" + e.Path(StateDBFile),
		"LOG_FORMAT":             "text",
	}
	return func(name string) (string, bool) {
		if v, ok := pinned[name]; ok {
			return v, true
		}
		if v, ok := env(name); ok {
			return v, true
		}
		v, ok := defaults[name]
		return v, ok && v != ""
	}
}
