package cli

import (
	"encoding/pem"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

func thumbprintCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "thumbprint FILE",
		Short: "Print the RFC 8705 x5t#S256 thumbprint of a PEM or DER certificate",
		Long: `Print the RFC 8705 x5t#S256 thumbprint of a certificate: base64url, without
padding, of the SHA-256 of its DER encoding. This is the value a bound token
carries in cnf["x5t#S256"]. FILE may be PEM (the first certificate is used)
or DER. It equals:

  openssl x509 -in FILE -outform DER | openssl dgst -sha256 -binary | basenc --base64url | tr -d '='`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			der, err := readCertificateDER(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), clientcert.Thumbprint(der))
			return nil
		},
	}
}

// readCertificateDER returns the DER of the first certificate in a PEM file,
// or the file itself when it is DER. It refuses anything that does not parse
// as a certificate, so a key file is never thumbprinted by mistake.
func readCertificateDER(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	der := data
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			der = block.Bytes
			break
		}
	}
	if _, err := parseCertificate(der); err != nil {
		return nil, fmt.Errorf("%s: not a PEM or DER certificate: %w", path, err)
	}
	return der, nil
}
