package cli

import (
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/crudservice/crudsvc/internal/config"
)

var parseCertificate = x509.ParseCertificate

func configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Inspect the service settings",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Print the effective settings (secrets masked) and exit non-zero on problems",
		Long: `Load the settings exactly as "crudsvc serve" would (SERVICE_CONFIG_DIR/crud.yaml,
then the environment, which wins), validate them, and print each setting with
its value and where it came from. Secrets are masked. Exits 1 and lists every
problem when the settings would stop the service from starting.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := config.Load(os.LookupEnv)
			if l == nil {
				return err
			}
			printSettings(cmd.OutOrStdout(), l)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "\nsettings are valid")
			return nil
		},
	})
	return cmd
}

// printSettings writes the effective settings table and the warnings.
func printSettings(out io.Writer, l *config.Loaded) {
	file := filepath.Join(l.Settings.ConfigDir, config.FileName)
	if _, err := os.Stat(file); err != nil {
		file += " (absent: environment and defaults only)"
	}
	fmt.Fprintf(out, "settings file: %s\n\n", file)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tSOURCE")
	for _, row := range l.Effective() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", row[0], row[1], row[2])
	}
	tw.Flush()
	for _, w := range l.Warnings {
		fmt.Fprintln(out, "warning:", w)
	}
}
