package workflow

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	// Database drivers: "pgx" for PostgreSQL, "sqlite" for SQLite.
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationTable keeps this package's schema history apart from other
// packages that share the state database.
const migrationTable = "workflow_goose_version"

// Store persists runs, node states, variables, tasks and idempotency records
// in SQLite or PostgreSQL.
type Store struct {
	db       *sql.DB
	postgres bool
}

// OpenStore opens the state database named by url and brings its schema up
// to date. url is "sqlite:<path>" (the parent directory is created) or a
// "postgres://" / "postgresql://" URL.
func OpenStore(ctx context.Context, url string) (*Store, error) {
	s, dialect, err := openDB(url)
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("workflow: connecting to state database: %w", err)
	}
	if err := s.migrate(ctx, dialect); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func openDB(url string) (*Store, goose.Dialect, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, "", fmt.Errorf("workflow: opening state database: %w", err)
		}
		return &Store{db: db, postgres: true}, goose.DialectPostgres, nil
	case strings.HasPrefix(url, "sqlite:"):
		db, err := openSQLite(strings.TrimPrefix(url, "sqlite:"))
		if err != nil {
			return nil, "", err
		}
		return &Store{db: db}, goose.DialectSQLite3, nil
	default:
		return nil, "", errors.New(`workflow: state database URL must start with "sqlite:" or "postgres://"`)
	}
}

// openSQLite opens path in WAL mode. One connection serialises writers in
// this process; busy_timeout and immediate transactions make other
// processes on the same file wait instead of failing.
func openSQLite(path string) (*sql.DB, error) {
	path = strings.TrimPrefix(path, "//") // sqlite:///abs/path
	if path == "" {
		return nil, errors.New("workflow: sqlite state database URL has no path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("workflow: creating state directory: %w", err)
		}
	}
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("workflow: opening state database: %w", err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// migrate applies the embedded migrations. On PostgreSQL a session lock
// keeps replicas that start together from migrating at the same time.
func (s *Store) migrate(ctx context.Context, dialect goose.Dialect) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("workflow: migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithTableName(migrationTable)}
	if s.postgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("workflow: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("workflow: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("workflow: migrating state database: %w", err)
	}
	return nil
}

// Ping checks that the state database answers, for the health endpoint.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.PingContext(ctx)
}

// Close closes the database.
func (s *Store) Close() error {
	return s.db.Close()
}

// q rewrites "?" placeholders to PostgreSQL's "$n" form when needed.
func (s *Store) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
