package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/config"
)

func envOf(m map[string]string) config.Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadDefaults(t *testing.T) {
	l, err := config.Load(envOf(map[string]string{
		"SERVICE_CONFIG_DIR": t.TempDir(),
		"JWT_ISSUER":         "https://issuer.example",
		"JWT_AUDIENCE":       "crud",
	}))
	if err != nil {
		t.Fatal(err)
	}
	s := l.Settings
	if s.AuthMode != config.ModeBearer || s.ListenAddr != ":8000" || s.MaxClientCertSize != 32768 ||
		s.JWTLeeway != time.Minute || s.ForwardedCertHeader != "X-Forwarded-Tls-Client-Cert" ||
		len(s.TrustedProxies) != 0 || s.XFCCElementFromRight != 1 {
		t.Fatalf("unexpected defaults: %+v", s)
	}
}

func TestLoadProblems(t *testing.T) {
	base := map[string]string{"JWT_ISSUER": "https://i", "JWT_AUDIENCE": "a"}
	cases := []struct {
		name string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"fail/misspelled-mode", map[string]string{"INBOUND_AUTH_MODE": "bearer_plus_mtls_requried"},
			[]string{"INBOUND_AUTH_MODE", "bearer_plus_mtls_requried", "bearer_plus_mtls_required"}},
		{"fail/nonsense-mode", map[string]string{"INBOUND_AUTH_MODE": "nonsense"},
			[]string{"INBOUND_AUTH_MODE", "nonsense", "valid choices"}},
		{"fail/format", map[string]string{"FORWARDED_CLIENT_CERT_FORMAT": "apache"},
			[]string{"FORWARDED_CLIENT_CERT_FORMAT", "der-base64"}},
		{"fail/cidr", map[string]string{"TRUSTED_PROXY_CIDRS": "10.0.0.0/33"},
			[]string{"TRUSTED_PROXY_CIDRS", "10.0.0.0/33"}},
		{"fail/hmac-algorithm", map[string]string{"JWT_ALGORITHMS": "RS256,HS256"},
			[]string{"JWT_ALGORITHMS", "HS256"}},
		{"fail/size", map[string]string{"MAX_CLIENT_CERT_SIZE": "-1"}, []string{"MAX_CLIENT_CERT_SIZE"}},
		{"fail/leeway", map[string]string{"JWT_LEEWAY": "soon"}, []string{"JWT_LEEWAY"}},
		{"fail/mtls-without-certificates", map[string]string{"INBOUND_AUTH_MODE": "mtls"},
			[]string{"TRUSTED_PROXY_CIDRS", "TLS_CLIENT_CA_FILE"}},
		{"fail/required-without-certificates", map[string]string{"INBOUND_AUTH_MODE": "bearer_plus_mtls_required"},
			[]string{"needs client certificates"}},
		{"fail/missing-issuer", map[string]string{"JWT_ISSUER": ""}, []string{"JWT_ISSUER is required"}},
		{"fail/tls-half", map[string]string{"TLS_CERT_FILE": "/nonexistent.pem"},
			[]string{"TLS_CERT_FILE and TLS_KEY_FILE"}},
		{"fail/state-url", map[string]string{"STATE_DATABASE_URL": "mysql://x"}, []string{"STATE_DATABASE_URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"SERVICE_CONFIG_DIR": t.TempDir()}
			for k, v := range base {
				env[k] = v
			}
			for k, v := range tc.env {
				env[k] = v
			}
			_, err := config.Load(envOf(env))
			var p config.Problems
			if !errors.As(err, &p) {
				t.Fatalf("want Problems, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestEnvironmentWinsOverFile(t *testing.T) {
	dir := t.TempDir()
	yml := "INBOUND_AUTH_MODE: bearer_plus_mtls_optional\njwt_issuer: https://file\njwt_audience: [a, b]\n" +
		"trusted_proxy_cidrs:\n  - 10.0.0.0/8\n  - ::ffff:172.16.0.0/108\n"
	if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := config.Load(envOf(map[string]string{"SERVICE_CONFIG_DIR": dir, "JWT_ISSUER": "https://env"}))
	if err != nil {
		t.Fatal(err)
	}
	s := l.Settings
	if s.JWTIssuer != "https://env" || l.Source["JWT_ISSUER"] != "env" {
		t.Errorf("environment did not win: %q from %q", s.JWTIssuer, l.Source["JWT_ISSUER"])
	}
	if s.AuthMode != config.ModeOptionalBinding || strings.Join(s.JWTAudience, "|") != "a|b" {
		t.Errorf("file values not applied: %+v", s)
	}
	if len(s.TrustedProxies) != 2 || s.TrustedProxies[1].String() != "172.16.0.0/12" {
		t.Errorf("trusted proxies = %v, want IPv4-mapped prefix unmapped", s.TrustedProxies)
	}
}

func TestUnknownFileSetting(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, config.FileName), []byte("INBOUND_AUTH_MOD: mtls\n"), 0o600)
	_, err := config.Load(envOf(map[string]string{"SERVICE_CONFIG_DIR": dir}))
	if err == nil || !strings.Contains(err.Error(), "INBOUND_AUTH_MOD") {
		t.Fatalf("want unknown setting error, got %v", err)
	}
}

func TestSecretsMasked(t *testing.T) {
	l, err := config.Load(envOf(map[string]string{
		"SERVICE_CONFIG_DIR": t.TempDir(), "JWT_ISSUER": "https://i", "JWT_AUDIENCE": "a",
		"FORWARDED_CLIENT_CERT_HMAC_SECRET": "s3cr3t-value",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range l.Effective() {
		if strings.Contains(row[1], "s3cr3t") {
			t.Fatalf("secret shown in %v", row)
		}
	}
}

// TestProblemsKeepWhatWasRead: every problem is listed at once, and the
// settings read so far remain available to `config check`.
func TestProblemsKeepWhatWasRead(t *testing.T) {
	l, err := config.Load(envOf(map[string]string{
		"SERVICE_CONFIG_DIR": t.TempDir(), "JWT_LEEWAY": "soon", "LISTEN_ADDR": ":9001",
	}))
	if err == nil || l == nil {
		t.Fatalf("want problems and the loaded settings, got %v, %v", l, err)
	}
	for _, want := range []string{"JWT_LEEWAY", "JWT_ISSUER is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems %q lack %s", err, want)
		}
	}
	rows := map[string]string{}
	for _, r := range l.Effective() {
		rows[r[0]] = r[1]
	}
	if rows["LISTEN_ADDR"] != ":9001" || rows["JWT_LEEWAY"] != "soon (invalid)" {
		t.Errorf("effective settings: %v", rows)
	}
}

// TestDirectTLSNeedsClientCA: with direct TLS the proxy list cannot supply
// certificates, so mtls mode needs TLS_CLIENT_CA_FILE.
func TestDirectTLSNeedsClientCA(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.pem")
	os.WriteFile(f, []byte("x"), 0o600)
	_, err := config.Load(envOf(map[string]string{
		"SERVICE_CONFIG_DIR": dir, "INBOUND_AUTH_MODE": "mtls", "TRUSTED_PROXY_CIDRS": "10.0.0.0/8",
		"TLS_CERT_FILE": f, "TLS_KEY_FILE": f,
	}))
	if err == nil || !strings.Contains(err.Error(), "needs client certificates") {
		t.Fatalf("want a refusal, got %v", err)
	}
}

// TestIgnoredSettingsWarned: settings the chosen mode ignores are named in
// a warning, not silently dropped.
func TestIgnoredSettingsWarned(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ok/binding-paths-in-bearer", map[string]string{"BINDING_REQUIRED_PATHS": "/execute"},
			"BINDING_REQUIRED_PATHS is ignored in mode bearer"},
		{"ok/issuer-in-mtls", map[string]string{"INBOUND_AUTH_MODE": "mtls", "TRUSTED_PROXY_CIDRS": "10.0.0.0/8"},
			"JWT_ISSUER is ignored in mode mtls"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"SERVICE_CONFIG_DIR": t.TempDir(), "JWT_ISSUER": "https://i", "JWT_AUDIENCE": "a"}
			for k, v := range tc.env {
				env[k] = v
			}
			l, err := config.Load(envOf(env))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(l.Warnings, "\n"), tc.want) {
				t.Errorf("warnings %q lack %q", l.Warnings, tc.want)
			}
		})
	}
}
