package connector_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/connector"
)

func openSQLite(t *testing.T) *connector.SQL {
	t.Helper()
	db, err := connector.OpenSQL(connector.SQLConfig{
		Driver: "sqlite", DSN: filepath.Join(t.TempDir(), "sub", "t.db"), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	err = db.Setup(t.Context(), []string{
		"CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)",
		"CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)",
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSQLite(t *testing.T) {
	db := openSQLite(t)
	ctx := t.Context()
	exec := func(cmd connector.Command) *connector.Outcome {
		t.Helper()
		out, err := db.Execute(ctx, cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd.Statement, err)
		}
		return out
	}

	out := exec(connector.Command{Result: connector.ResultAffected,
		Statement: "INSERT INTO t (name, data) VALUES (?, ?), (?, ?)",
		Args:      []any{"a", []byte("bytes"), "b", map[string]any{"k": 1}}})
	if out.RowsAffected == nil || *out.RowsAffected != 2 {
		t.Fatalf("ok/affected: %+v", out)
	}

	rows := exec(connector.Command{Result: connector.ResultRows,
		Statement: "SELECT id, name, data FROM t ORDER BY id"}).Data.([]map[string]any)
	if len(rows) != 2 || rows[0]["data"] != "bytes" || rows[1]["data"] != `{"k":1}` ||
		rows[0]["id"] != int64(1) {
		t.Fatalf("ok/rows: %#v", rows)
	}

	empty := exec(connector.Command{Result: connector.ResultRows,
		Statement: "SELECT id FROM t WHERE id = ?", Args: []any{99}}).Data.([]map[string]any)
	if empty == nil || len(empty) != 0 {
		t.Fatalf("ok/no_rows_is_empty_list: %#v", empty)
	}

	_, err := db.Execute(ctx, connector.Command{Result: connector.ResultOne,
		Statement: "SELECT id FROM t WHERE id = ?", Args: []any{99}})
	if !errors.Is(err, connector.ErrNoRows) {
		t.Fatalf("fail/one_without_row: %v", err)
	}

	mode := exec(connector.Command{Result: connector.ResultOne,
		Statement: "PRAGMA journal_mode"}).Data.(map[string]any)
	if mode["journal_mode"] != "wal" {
		t.Fatalf("ok/wal: %v", mode)
	}

	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ok/ping: %v", err)
	}
}

func TestSQLTimeout(t *testing.T) {
	db := openSQLite(t)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()

	// A recursive CTE that would run for a very long time.
	_, err := db.Execute(ctx, connector.Command{Result: connector.ResultRows, Statement: `
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
		SELECT max(x) FROM c`})
	if !errors.Is(err, connector.ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
}

func TestOpenSQLRefusals(t *testing.T) {
	tests := []struct {
		name string
		cfg  connector.SQLConfig
	}{
		{"fail/unknown_driver", connector.SQLConfig{Driver: "mysql", DSN: "x"}},
		{"fail/empty_sqlite_dsn", connector.SQLConfig{Driver: "sqlite"}},
		{"fail/empty_postgres_dsn", connector.SQLConfig{Driver: "postgres"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := connector.OpenSQL(tc.cfg); err == nil {
				t.Fatal("OpenSQL succeeded")
			}
		})
	}
}
