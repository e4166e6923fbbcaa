package tokentest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/crudservice/crudsvc/internal/tokenverify"
	"github.com/crudservice/crudsvc/internal/tokenverify/tokentest"
)

const thumbprint = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"

func newVerifier(t *testing.T, iss *tokentest.Issuer) *tokenverify.Verifier {
	t.Helper()
	v, err := tokenverify.New(context.Background(), tokenverify.Options{
		Issuer: iss.URL(), Audiences: []string{"crud"}, JWKSURL: iss.JWKSURL(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return v
}

func TestMintBound(t *testing.T) {
	iss := tokentest.NewIssuer(t)
	v := newVerifier(t, iss)
	c, err := v.Verify(context.Background(), iss.MintBound(t, "alice", "crud", thumbprint))
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "alice" || c.Confirmation == nil || c.Confirmation.X5tS256 != thumbprint {
		t.Fatalf("claims = %+v", c)
	}
}

func TestMintNilRemovesClaim(t *testing.T) {
	iss := tokentest.NewIssuer(t)
	v := newVerifier(t, iss)
	_, err := v.Verify(context.Background(), iss.Mint(t, map[string]any{"aud": "crud", "exp": nil}))
	var ie *tokenverify.InvalidError
	if !errors.As(err, &ie) || ie.Check != tokenverify.CheckMissingExp {
		t.Fatalf("Verify = %v, want missing_exp", err)
	}
}

func TestRotateAndOutage(t *testing.T) {
	iss := tokentest.NewIssuer(t, tokentest.WithRS256())
	v := newVerifier(t, iss)
	old := iss.Mint(t, map[string]any{"aud": "crud"})
	iss.Rotate()
	for _, tok := range []string{
		old,
		iss.Mint(t, map[string]any{"aud": "crud"}),
		iss.MintAlg(t, "RS256", map[string]any{"aud": "crud"}),
	} {
		if _, err := v.Verify(context.Background(), tok); err != nil {
			t.Fatalf("Verify: %v", err)
		}
	}
	iss.SetJWKSStatus(http.StatusInternalServerError)
	resp, err := http.Get(iss.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || iss.JWKSHits() != 3 {
		t.Fatalf("status = %d, hits = %d", resp.StatusCode, iss.JWKSHits())
	}
}
