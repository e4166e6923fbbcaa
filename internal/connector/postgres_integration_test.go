//go:build integration

package connector_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/connector"
)

// postgresURL is the server scripts/pgtest.sh starts. With the integration
// tag on, a missing server is a failure, not a skip.
func postgresURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("CRUD_TEST_POSTGRES_URL")
	if url == "" {
		t.Fatal("CRUD_TEST_POSTGRES_URL is not set; run scripts/pgtest.sh run go test -tags integration ...")
	}
	return url
}

func TestPostgres(t *testing.T) {
	db, err := connector.OpenSQL(connector.SQLConfig{
		Driver: "postgres", DSN: postgresURL(t), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ctx := t.Context()

	table := fmt.Sprintf("conn_test_%d", time.Now().UnixNano())
	err = db.Setup(ctx, []string{fmt.Sprintf(
		"CREATE TABLE IF NOT EXISTS %s (id SERIAL PRIMARY KEY, name TEXT, tags JSONB, raw BYTEA)",
		table)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = db.Execute(context.Background(), connector.Command{
			Result: connector.ResultAffected, Statement: "DROP TABLE " + table})
	})

	one, err := db.Execute(ctx, connector.Command{Result: connector.ResultOne,
		Statement: "INSERT INTO " + table + " (name, tags, raw) VALUES ($1, $2, $3) RETURNING id, name, raw",
		Args:      []any{"'; DROP TABLE " + table + "; --", []any{"a", "b"}, []byte("xyz")}})
	if err != nil {
		t.Fatalf("ok/insert_returning: %v", err)
	}
	row := one.Data.(map[string]any)
	if row["name"] != "'; DROP TABLE "+table+"; --" || row["raw"] != "xyz" {
		t.Fatalf("ok/insert_returning: %#v", row)
	}

	rows, err := db.Execute(ctx, connector.Command{Result: connector.ResultRows,
		Statement: "SELECT id, tags->>0 AS first FROM " + table + " WHERE id = $1",
		Args:      []any{row["id"]}})
	if err != nil || len(rows.Data.([]map[string]any)) != 1 ||
		rows.Data.([]map[string]any)[0]["first"] != "a" {
		t.Fatalf("ok/select: %v %v", rows, err)
	}

	aff, err := db.Execute(ctx, connector.Command{Result: connector.ResultAffected,
		Statement: "DELETE FROM " + table + " WHERE id = $1", Args: []any{row["id"]}})
	if err != nil || *aff.RowsAffected != 1 {
		t.Fatalf("ok/delete_affected: %v %v", aff, err)
	}

	_, err = db.Execute(ctx, connector.Command{Result: connector.ResultOne,
		Statement: "SELECT id FROM " + table + " WHERE id = $1", Args: []any{row["id"]}})
	if !errors.Is(err, connector.ErrNoRows) {
		t.Fatalf("fail/no_row: %v", err)
	}

	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ok/ping: %v", err)
	}
}

func TestPostgresTimeout(t *testing.T) {
	db, err := connector.OpenSQL(connector.SQLConfig{
		Driver: "postgres", DSN: postgresURL(t), Timeout: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })

	_, err = db.Execute(t.Context(), connector.Command{Result: connector.ResultRows,
		Statement: "SELECT pg_sleep(5)"})
	if !errors.Is(err, connector.ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
}

func TestPostgresUnreachable(t *testing.T) {
	db, err := connector.OpenSQL(connector.SQLConfig{
		Driver: "postgres", DSN: "postgres://postgres:hunter2@127.0.0.1:1/x?sslmode=disable",
		Timeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Ping(t.Context())
	if err == nil {
		t.Fatal("ping of a closed port succeeded")
	}
	if s := err.Error(); strings.Contains(s, "hunter2") {
		t.Fatalf("password in error: %s", s)
	}
}
