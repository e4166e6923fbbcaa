package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/devenv"
	"github.com/crudservice/crudsvc/internal/service"
)

// devTokenTTL is the lifetime of the token printed by crudsvc dev.
const devTokenTTL = time.Hour

// devFlags are the options of crudsvc dev.
type devFlags struct {
	dir   string
	addr  string
	reset bool
}

func devCmd() *cobra.Command {
	var f devFlags
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run the whole product locally over HTTPS with mTLS and a dev token issuer",
		Long: `Run the CRUD API on https://localhost:8443 with direct mTLS, certificate-bound
tokens and the shipped demo system, then print curl commands to try it.

On the first run it creates, in --dir (default ./.dev):

  ca.crt, ca.key            a development CA (P-256)
  server.crt, server.key    a localhost server certificate (SANs localhost,
                            127.0.0.1, ::1)
  client1.crt, client1.key  client one, with the email SAN dev-client@example.com
  client2.crt, client2.key  client two, without SANs
  signing-key.jwk           the ES256 token-signing key (private JWK with kid)
  jwks.json                 its public key set, read by the service (JWKS_FILE)

Keys are written 0600. Later runs reuse these files; --reset recreates them
and also removes the run-time files: state.db (workflow state), demo.db (the
demo system's database, DEMO_DB_PATH) and audit.jsonl (the audit stream).

The service runs in mode bearer_plus_mtls_optional with
BINDING_REQUIRED_PATHS=/execute,/workflow, TLS_CLIENT_AUTH=optional (so
/health answers without a certificate), JWT_ISSUER=` + devenv.Issuer + `
and JWT_AUDIENCE=` + devenv.Audience + `. The certificate, key set, issuer and
audience settings are fixed; any other setting in the environment wins over
the dev default (LISTEN_ADDR, LOG_FORMAT, INBOUND_AUTH_MODE...). The
configuration directory is SERVICE_CONFIG_DIR, else ./config: run from the
repository root. Logs go to stderr as text.

Once it listens it prints, on stdout, a token bound to client one (valid one
hour) and curl commands: a health check, a bound /execute call (200), the
same token with client two (401 sender_binding_mismatch), a workflow start
and its resume, and a read of the user the workflow created.

FOR DEVELOPMENT ONLY: the keys are throwaway and anyone who can read the
directory can mint tokens. Never use them in production.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDev(cmd.Context(), f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&f.dir, "dir", devenv.DefaultDir, "directory for the development CA, keys and state")
	cmd.Flags().StringVar(&f.addr, "addr", "",
		"listen address (default LISTEN_ADDR, else "+devenv.DefaultAddr+")")
	cmd.Flags().BoolVar(&f.reset, "reset", false, "delete and recreate the development files and state")
	return cmd
}

// runDev prepares the directory, loads the settings and serves until ctx
// ends; the walkthrough goes to stdout once the server listens.
func runDev(ctx context.Context, f devFlags, stdout, stderr io.Writer) error {
	env, err := devenv.Ensure(f.dir, f.reset, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprint(stderr, devenv.Banner(env.Dir))

	s, logger, err := devSettings(env, f, stderr)
	if err != nil {
		return err
	}
	if !loopback(s.ListenAddr) {
		logger.Warn("crudsvc dev listens beyond this machine with throwaway keys; "+
			"use --addr 127.0.0.1:PORT unless that is what you want", "addr", s.ListenAddr)
	}
	if env.Created {
		logger.Info("created development CA, certificates and signing key", "dir", env.Dir)
	} else {
		logger.Info("reusing development files; --reset recreates them", "dir", env.Dir)
	}

	audit, err := os.OpenFile(env.Path(devenv.AuditLogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("opening audit log: %w", err)
	}
	defer audit.Close()

	walk, err := newWalkthrough(env, s)
	if err != nil {
		return err
	}
	ready := func(addr net.Addr) {
		walk.BaseURL = "https://localhost:" + port(addr)
		if _, err := walk.WriteTo(stdout); err != nil {
			logger.Warn("printing the curl commands", "error", err)
		}
	}
	err = service.Run(ctx, s, logger, service.Deps{AuditLog: audit, Ready: ready, LookupEnv: demoEnv(env)})
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w: another crudsvc dev may be running; choose another address with --addr", err)
	}
	return err
}

// devSettings loads the settings with the dev values layered over the
// environment.
func devSettings(env *devenv.Env, f devFlags, stderr io.Writer) (*config.Settings, *slog.Logger, error) {
	configDir, err := devConfigDir()
	if err != nil {
		return nil, nil, err
	}
	l, err := config.Load(env.Lookup(os.LookupEnv, devenv.SettingsOptions{Addr: f.addr, ConfigDir: configDir}))
	if err != nil {
		return nil, nil, err
	}
	logger := service.NewLogger(stderr, l.Settings.LogLevel, l.Settings.LogFormat)
	for _, w := range l.Warnings {
		logger.Warn("setting ignored", "detail", w)
	}
	return l.Settings, logger, nil
}

// devConfigDir is SERVICE_CONFIG_DIR when set, else ./config, which must
// exist: crudsvc dev needs the demo system and workflow.
func devConfigDir() (string, error) {
	if v, ok := os.LookupEnv("SERVICE_CONFIG_DIR"); ok && v != "" {
		return v, nil
	}
	dir, err := filepath.Abs("config")
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("no ./config directory here: run crudsvc dev from the " +
				"repository root or set SERVICE_CONFIG_DIR")
		}
		return "", err
	}
	return dir, nil
}

// newWalkthrough mints the client-one token and fills in everything the
// printed commands need but the address.
func newWalkthrough(env *devenv.Env, s *config.Settings) (*devenv.Walkthrough, error) {
	key, err := devenv.LoadSigningKey(env.Path(devenv.SigningKeyFile))
	if err != nil {
		return nil, err
	}
	thumbprint, err := devenv.BoundTo(env.Path(devenv.Client1CertFile))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	token, err := key.Mint(devenv.TokenRequest{
		Subject: devenv.Subject, Issuer: devenv.Issuer, Audience: devenv.Audience,
		Thumbprint: thumbprint, TTL: devTokenTTL, Now: now,
	})
	if err != nil {
		return nil, err
	}
	return &devenv.Walkthrough{
		Layout: env.Layout, Token: token, TokenExpiry: now.Add(devTokenTTL), Mode: s.AuthMode,
		Username:       "ada-" + strings.ToLower(rand.Text()[:6]),
		IdempotencyKey: uuid.NewString(), TokenCommand: selfCommand(),
	}, nil
}

// selfCommand is how the developer runs crudsvc again: `go run` builds
// into a temporary directory, so point at the source instead.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil || strings.Contains(exe, "go-build") {
		return "go run ./cmd/crudsvc"
	}
	return exe
}

// port is the port of a listener address.
func port(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return strconv.Itoa(tcp.Port)
	}
	_, p, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "8443"
	}
	return p
}

// loopback reports whether a listen address only accepts local clients.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// demoEnv is the environment system templates see: the process
// environment, with the demo system's database in the development
// directory unless the developer chose another path.
func demoEnv(env *devenv.Env) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := os.LookupEnv(name)
		if !ok && name == devenv.DemoDBEnv {
			return env.Path(devenv.DemoDBFile), true
		}
		return v, ok
	}
}
