package cli

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/service"
)

func serveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Serve the CRUD API (the default command)",
		Long: `Serve the CRUD API with the settings from the environment and
SERVICE_CONFIG_DIR/crud.yaml. Invalid settings stop start-up with a message
naming the setting, the value and the valid choices. SIGHUP reloads the
policy files and the TLS files; SIGTERM and SIGINT drain in-flight requests
and stop.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context())
		},
	}
}

func runServe(ctx context.Context) error {
	l, err := config.Load(os.LookupEnv)
	if err != nil {
		return err
	}
	logger := service.NewLogger(os.Stderr, l.Settings.LogLevel, l.Settings.LogFormat)
	for _, w := range l.Warnings {
		logger.Warn("setting ignored", "detail", w)
	}
	return service.Run(ctx, l.Settings, logger, service.Deps{})
}
