// Package cli is the crudsvc command tree: serve (the default), dev, token,
// thumbprint, config check and version.
package cli

import (
	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "dev"

// Root returns the crudsvc command with every sub-command attached.
func Root() *cobra.Command {
	root := &cobra.Command{
		Use:   "crudsvc",
		Short: "CRUD Service: commands and workflows behind mTLS and certificate-bound tokens",
		Long: `crudsvc runs create/read/update/delete commands (POST /execute) and durable
workflows (/workflow/*) against configured systems. Requests are authenticated
with JWT bearer tokens and client certificates, either forwarded by an edge
proxy or presented to the service directly, with RFC 8705 proof-of-possession.

Settings come from the environment or SERVICE_CONFIG_DIR/crud.yaml; run
"crudsvc config check" to see the effective values. Without a sub-command,
crudsvc serves.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context())
		},
	}
	root.AddCommand(serveCmd(), configCmd(), thumbprintCmd(), versionCmd())
	root.AddCommand(devCmd(), tokenCmd())
	return root
}
