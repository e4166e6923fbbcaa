// Package cli is the crudsvc command tree: serve (the default), dev, token,
// thumbprint, config check and version.
package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = ""

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
		Args:          usageArgs(cobra.NoArgs),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context())
		},
	}
	root.AddCommand(serveCmd(), configCmd(), thumbprintCmd(), versionCmd())
	root.SetFlagErrorFunc(usageError)
	root.AddCommand(devCmd(), tokenCmd())
	return root
}

// usageError adds the way to help to a mistake in flags or arguments.
func usageError(cmd *cobra.Command, err error) error {
	return fmt.Errorf("%w\nusage: %s\nrun '%s --help' for more", err, cmd.UseLine(), cmd.CommandPath())
}

// usageArgs wraps an argument check so that its error shows the usage.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError(cmd, err)
		}
		return nil
	}
}
