package devenv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
	"github.com/crudservice/crudsvc/internal/tokenverify"
)

// TestMintVerifies checks a minted token against the service's own
// verifier reading the written key set, as crudsvc dev configures it.
func TestMintVerifies(t *testing.T) {
	env, err := devenv.Ensure(t.TempDir(), false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key, err := devenv.LoadSigningKey(env.Path(devenv.SigningKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	thumbprint, err := devenv.BoundTo(env.Path(devenv.Client1CertFile))
	if err != nil {
		t.Fatal(err)
	}
	v, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: devenv.Issuer, Audiences: []string{devenv.Audience}, JWKSFile: env.Path(devenv.JWKSFile),
		Algorithms: []string{"ES256"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()

	for _, tc := range []struct {
		name  string
		req   devenv.TokenRequest
		check string // "" when the token must verify
	}{
		{"ok/bound", devenv.TokenRequest{Subject: "ada", Issuer: devenv.Issuer, Audience: devenv.Audience,
			Thumbprint: thumbprint, TTL: time.Hour, Now: time.Now()}, ""},
		{"fail/expired", devenv.TokenRequest{Subject: "ada", Issuer: devenv.Issuer, Audience: devenv.Audience,
			TTL: time.Minute, Now: time.Now().Add(-time.Hour)}, tokenverify.CheckExpired},
		{"fail/other-audience", devenv.TokenRequest{Subject: "ada", Issuer: devenv.Issuer, Audience: "other",
			TTL: time.Hour, Now: time.Now()}, tokenverify.CheckAudience},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := key.Mint(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			claims, err := v.Verify(context.Background(), token)
			if tc.check != "" {
				var inv *tokenverify.InvalidError
				if !errors.As(err, &inv) || inv.Check != tc.check {
					t.Fatalf("want refusal by check %s, got %v", tc.check, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if claims.Subject != "ada" || claims.Confirmation == nil || claims.Confirmation.X5tS256 != thumbprint {
				t.Errorf("claims %+v, want sub ada bound to %s", claims, thumbprint)
			}
		})
	}
}

func TestMintRefusesNonPositiveTTL(t *testing.T) {
	env, err := devenv.Ensure(t.TempDir(), false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key, err := devenv.LoadSigningKey(env.Path(devenv.SigningKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := key.Mint(devenv.TokenRequest{Issuer: devenv.Issuer, Now: time.Now()}); err == nil {
		t.Error("want an error for a zero ttl")
	}
}
