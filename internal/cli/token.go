package cli

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// tokenFlags are the options of crudsvc token.
type tokenFlags struct {
	cert, key, sub, aud, issuer string
	ttl                         time.Duration
}

func tokenCmd() *cobra.Command {
	var f tokenFlags
	cmd := &cobra.Command{
		Use:   "token --cert FILE",
		Short: "Mint a development token bound to a client certificate (local testing only)",
		Long: `Mint a JWT signed with the development key of "crudsvc dev" and bound to the
client certificate in --cert: its cnf["x5t#S256"] is the certificate's RFC 8705
thumbprint (what "crudsvc thumbprint FILE" prints). Only the token is printed,
on stdout, so it drops into a shell variable:

  TOKEN=$(crudsvc token --cert .dev/client1.crt)
  curl --cacert .dev/ca.crt --cert .dev/client1.crt --key .dev/client1.key \
    -H "Authorization: Bearer $TOKEN" ...

The token is ES256, with kid and typ JWT in its header, and carries iss, sub,
aud, client_id, iat, nbf, exp and jti. The defaults match what "crudsvc dev"
configures: key .dev/signing-key.jwk, issuer ` + devenv.Issuer + `,
audience ` + devenv.Audience + `. It reads no file but --cert and --key and
creates none.

FOR LOCAL TESTING ONLY: anyone holding the development key can mint tokens.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			token, err := mintToken(f, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), token)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.cert, "cert", "", "client certificate (PEM) the token is bound to (required)")
	fl.StringVar(&f.key, "key", filepath.Join(devenv.DefaultDir, devenv.SigningKeyFile), "signing key (private JWK)")
	fl.StringVar(&f.sub, "sub", devenv.Subject, "subject (sub)")
	fl.StringVar(&f.aud, "aud", devenv.Audience, "audience (aud)")
	fl.StringVar(&f.issuer, "issuer", devenv.Issuer, "issuer (iss)")
	fl.DurationVar(&f.ttl, "ttl", time.Hour, "lifetime (exp = now + ttl)")
	_ = cmd.MarkFlagRequired("cert")
	return cmd
}

// mintToken signs the token f describes.
func mintToken(f tokenFlags, now time.Time) (string, error) {
	thumbprint, err := devenv.BoundTo(f.cert)
	if err != nil {
		return "", err
	}
	key, err := devenv.LoadSigningKey(f.key)
	if err != nil {
		return "", fmt.Errorf("%w (run crudsvc dev first, or pass --key)", err)
	}
	return key.Mint(devenv.TokenRequest{
		Subject: f.sub, Issuer: f.issuer, Audience: f.aud,
		Thumbprint: thumbprint, TTL: f.ttl, Now: now,
	})
}
