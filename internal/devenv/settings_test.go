package devenv_test

import (
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/devenv"
)

func TestLookupLayers(t *testing.T) {
	env := &devenv.Env{Layout: devenv.Layout{Dir: "/d"}}
	real := map[string]string{
		"LISTEN_ADDR": ":9999", "LOG_FORMAT": "json", "JWT_ISSUER": "https://elsewhere",
		"JWKS_URL": "https://elsewhere/jwks",
	}
	lookup := env.Lookup(func(n string) (string, bool) { v, ok := real[n]; return v, ok },
		devenv.SettingsOptions{ConfigDir: "/repo/config"})

	for _, tc := range []struct {
		name, setting, want string
	}{
		{"ok/env-wins-listen", "LISTEN_ADDR", ":9999"},
		{"ok/env-wins-log-format", "LOG_FORMAT", "json"},
		{"ok/pinned-issuer", "JWT_ISSUER", devenv.Issuer},
		{"ok/pinned-no-jwks-url", "JWKS_URL", ""},
		{"ok/pinned-jwks-file", "JWKS_FILE", filepath.Join("/d", devenv.JWKSFile)},
		{"ok/pinned-client-ca", "TLS_CLIENT_CA_FILE", filepath.Join("/d", devenv.CACertFile)},
		{"ok/default-mode", "INBOUND_AUTH_MODE", config.ModeOptionalBinding},
		{"ok/default-binding-paths", "BINDING_REQUIRED_PATHS", "/execute,/workflow"},
		{"ok/default-client-auth", "TLS_CLIENT_AUTH", "optional"},
		{"ok/default-state", "STATE_DATABASE_URL", "sqlite:" + filepath.Join("/d", devenv.StateDBFile)},
		{"ok/default-config-dir", "SERVICE_CONFIG_DIR", "/repo/config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := lookup(tc.setting); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.setting, got, tc.want)
			}
		})
	}

	t.Run("ok/addr-flag-wins", func(t *testing.T) {
		l := env.Lookup(func(n string) (string, bool) { v, ok := real[n]; return v, ok },
			devenv.SettingsOptions{Addr: "127.0.0.1:0"})
		if got, _ := l("LISTEN_ADDR"); got != "127.0.0.1:0" {
			t.Errorf("LISTEN_ADDR = %q, want the --addr value", got)
		}
	})
	t.Run("ok/unset-stays-unset", func(t *testing.T) {
		if _, ok := lookup("KAFKA_BROKERS"); ok {
			t.Error("KAFKA_BROKERS must stay unset")
		}
	})
}

// TestLookupLoads checks that the dev settings pass config.Load's
// validation with freshly created files.
func TestLookupLoads(t *testing.T) {
	env, err := devenv.Ensure(t.TempDir(), false, now)
	if err != nil {
		t.Fatal(err)
	}
	none := func(string) (string, bool) { return "", false }
	l, err := config.Load(env.Lookup(none, devenv.SettingsOptions{ConfigDir: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	s := l.Settings
	if !s.DirectTLS() || s.ListenAddr != devenv.DefaultAddr || s.TLSClientAuth != "optional" {
		t.Errorf("settings %+v: want direct TLS on %s, client auth optional", s, devenv.DefaultAddr)
	}
}
