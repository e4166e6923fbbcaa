package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/cli"
	"github.com/crudservice/crudsvc/internal/devenv"
	"github.com/crudservice/crudsvc/internal/tokenverify"
)

func TestTokenCommand(t *testing.T) {
	env, err := devenv.Ensure(t.TempDir(), false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := env.Path(devenv.SigningKeyFile)
	cert := env.Path(devenv.Client2CertFile)

	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"ok/defaults", []string{"--cert", cert, "--key", key}, ""},
		{"ok/subject-and-ttl", []string{"--cert", cert, "--key", key, "--sub", "ada", "--ttl", "5m"}, ""},
		{"fail/no-cert", []string{"--key", key}, `required flag(s) "cert" not set`},
		{"fail/key-not-a-cert", []string{"--cert", env.Path(devenv.Client2KeyFile), "--key", key}, "no PEM certificate"},
		{"fail/missing-key", []string{"--cert", cert, "--key", env.Path("nope.jwk")}, "run crudsvc dev first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout bytes.Buffer
			root := cli.Root()
			root.SetArgs(append([]string{"token"}, tc.args...))
			root.SetOut(&stdout)
			root.SetErr(&bytes.Buffer{})
			err := root.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkBound(t, env, strings.TrimSuffix(stdout.String(), "\n"), cert)
		})
	}
}

// checkBound verifies token as crudsvc dev would and checks its binding.
func checkBound(t *testing.T, env *devenv.Env, token, cert string) {
	t.Helper()
	if strings.ContainsAny(token, " \n") {
		t.Fatalf("stdout must hold the token alone, got %q", token)
	}
	v, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: devenv.Issuer, Audiences: []string{devenv.Audience}, JWKSFile: env.Path(devenv.JWKSFile),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	claims, err := v.Verify(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	want, err := devenv.BoundTo(cert)
	if err != nil {
		t.Fatal(err)
	}
	if claims.Confirmation == nil || claims.Confirmation.X5tS256 != want {
		t.Errorf("cnf %+v, want x5t#S256 %s", claims.Confirmation, want)
	}
}
