package connector

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	// Drivers registered as "pgx" and "sqlite".
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// SQLConfig describes a SQL system's connection.
type SQLConfig struct {
	// Driver is "sqlite" or "postgres".
	Driver string
	// DSN is a SQLite file path (or file: URI) or a PostgreSQL URL.
	DSN string
	// MaxOpenConns bounds the pool; 0 picks a default for the driver.
	MaxOpenConns int
	// Timeout bounds each command and ping; 0 means no bound of our own.
	Timeout time.Duration
}

// SQL is a connector over a database/sql pool.
type SQL struct {
	db      *sql.DB
	timeout time.Duration

	pingMu   sync.Mutex
	pingStmt *sql.Stmt // SELECT 1, prepared on first use
}

// OpenSQL opens the pool of cfg. It does not contact the database; use Ping.
func OpenSQL(cfg SQLConfig) (*SQL, error) {
	driver, dsn, err := sqlDriver(cfg)
	if err != nil {
		return nil, err
	}

	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("connector: opening %s pool: %w", cfg.Driver, err)
	}
	db.SetMaxOpenConns(maxOpen(cfg))
	db.SetMaxIdleConns(maxOpen(cfg))
	db.SetConnMaxIdleTime(5 * time.Minute)

	return &SQL{db: db, timeout: cfg.Timeout}, nil
}

// sqlDriver maps the configured driver to a registered driver name and DSN.
func sqlDriver(cfg SQLConfig) (driver, dsn string, err error) {
	switch cfg.Driver {
	case "sqlite":
		dsn, err := sqliteDSN(cfg.DSN)
		return "sqlite", dsn, err
	case "postgres":
		if cfg.DSN == "" {
			return "", "", errors.New("connector: postgres dsn is empty")
		}
		return "pgx", cfg.DSN, nil
	default:
		return "", "", fmt.Errorf("connector: unknown sql driver %q", cfg.Driver)
	}
}

// maxOpen picks the pool size. SQLite allows one writer at a time, so a
// small pool with busy_timeout avoids lock storms; in-memory databases are
// per-connection and need exactly one.
func maxOpen(cfg SQLConfig) int {
	switch {
	case cfg.MaxOpenConns > 0:
		return cfg.MaxOpenConns
	case cfg.Driver == "sqlite" && isMemoryDSN(cfg.DSN):
		return 1
	case cfg.Driver == "sqlite":
		return 4
	default:
		return 10
	}
}

// Setup runs the system's set-up statements (CREATE TABLE IF NOT EXISTS
// and the like) in order.
func (s *SQL) Setup(ctx context.Context, statements []string) error {
	for i, stmt := range statements {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("connector: setup statement %d: %w", i, err)
		}
	}
	return nil
}

// Execute runs cmd with its arguments bound by the driver.
func (s *SQL) Execute(ctx context.Context, cmd Command) (*Outcome, error) {
	ctx, cancel := s.withTimeout(ctx)
	defer cancel()

	args := make([]any, len(cmd.Args))
	for i, a := range cmd.Args {
		args[i] = sqlArg(a)
	}

	if cmd.Result == ResultAffected {
		res, err := s.db.ExecContext(ctx, cmd.Statement, args...)
		if err != nil {
			return nil, sqlError(ctx, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("connector: reading rows affected: %w", err)
		}
		return &Outcome{RowsAffected: &n}, nil
	}

	rows, err := s.query(ctx, cmd.Statement, args)
	if err != nil {
		return nil, sqlError(ctx, err)
	}
	if cmd.Result != ResultOne {
		return &Outcome{Data: rows}, nil
	}
	if len(rows) == 0 {
		return nil, ErrNoRows
	}
	return &Outcome{Data: rows[0]}, nil
}

// Ping checks the pool and runs SELECT 1, which proves a usable session
// rather than only a socket.
func (s *SQL) Ping(ctx context.Context) error {
	ctx, cancel := s.withTimeout(ctx)
	defer cancel()

	// The query needs a working connection, so it is the whole check.
	stmt, err := s.pingStatement(ctx)
	if err != nil {
		return sqlError(ctx, err)
	}
	var one int
	if err := stmt.QueryRowContext(ctx).Scan(&one); err != nil {
		return sqlError(ctx, err)
	}
	return nil
}

// pingStatement prepares SELECT 1 once, so frequent pings (health checks,
// load balancers) do not parse it every time.
func (s *SQL) pingStatement(ctx context.Context) (*sql.Stmt, error) {
	s.pingMu.Lock()
	defer s.pingMu.Unlock()
	if s.pingStmt != nil {
		return s.pingStmt, nil
	}
	stmt, err := s.db.PrepareContext(ctx, "SELECT 1")
	if err != nil {
		return nil, err
	}
	s.pingStmt = stmt
	return stmt, nil
}

// Close closes the pool.
func (s *SQL) Close() error {
	s.pingMu.Lock()
	if s.pingStmt != nil {
		_ = s.pingStmt.Close()
		s.pingStmt = nil
	}
	s.pingMu.Unlock()
	return s.db.Close()
}

func (s *SQL) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.timeout)
}

// sqlArg turns values drivers do not take (lists, maps) into JSON text,
// which suits json/jsonb and TEXT columns alike.
func sqlArg(v any) any {
	switch v.(type) {
	case []any, map[string]any:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	default:
		return v
	}
}

// sqlError marks deadline expiry as ErrTimeout and passes the driver's error
// on otherwise.
func sqlError(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return fmt.Errorf("connector: %w", err)
}
