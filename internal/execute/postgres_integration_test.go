//go:build integration

package execute_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/execute"
)

// pgSystem is the demo's user type on PostgreSQL, with $n placeholders.
const pgSystem = `
name: pg
connector: sql
connection:
  driver: postgres
  dsn: "{{ env('CRUD_SYSTEM_PG_URL') }}"
  timeout: 5s
setup:
  - CREATE TABLE IF NOT EXISTS %[1]s (id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL UNIQUE,
      email TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now())
object_types:
  user:
    commands:
      create:
        required_params: [username]
        statement: INSERT INTO %[1]s (username, email) VALUES ($1, $2) RETURNING id, username, email
        params: ["{{ params.username }}", "{{ params.email }}"]
        result: one
      get:
        required_params: [id]
        statement: SELECT id, username, email, created_at FROM %[1]s WHERE id = $1
        params: ["{{ params.id }}"]
        result: one
      list:
        statement: SELECT id, username FROM %[1]s ORDER BY id LIMIT $1
        params: ["{{ params.limit | default(10) }}"]
      update:
        required_params: [id]
        statement: UPDATE %[1]s SET email = COALESCE($1, email) WHERE id = $2 RETURNING id, email
        params: ["{{ params.email }}", "{{ params.id }}"]
        result: one
      delete:
        required_params: [id]
        statement: DELETE FROM %[1]s WHERE id = $1
        params: ["{{ params.id }}"]
      drop:
        statement: DROP TABLE %[1]s
`

func TestPostgresCycle(t *testing.T) {
	url := os.Getenv("CRUD_TEST_POSTGRES_URL")
	if url == "" {
		t.Fatal("CRUD_TEST_POSTGRES_URL is not set; run scripts/pgtest.sh run go test -tags integration ...")
	}
	table := fmt.Sprintf("users_%d", time.Now().UnixNano())
	dir := writeConfig(t, map[string]string{"systems/pg.yaml": fmt.Sprintf(pgSystem, table)})
	x := load(t, dir, execute.Options{
		LookupEnv: envMap(map[string]string{"CRUD_SYSTEM_PG_URL": url}),
	})
	srv := serve(t, x)
	call := func(action string, params map[string]any) reply {
		return post(t, srv, map[string]any{
			"system": "pg", "object_type": "user", "action": action, "params": params,
		})
	}
	t.Cleanup(func() { call("drop", nil) })

	hostile := "'; DROP TABLE " + table + "; --"
	created := call("create", map[string]any{"username": hostile, "email": "{{ 7*7 }}"})
	user, _ := created.Response.Data.(map[string]any)
	if created.Status != 200 || user["username"] != hostile || user["email"] != "{{ 7*7 }}" {
		t.Fatalf("create: %d %+v", created.Status, created)
	}
	id := user["id"]

	if r := call("get", map[string]any{"id": id}); r.Status != 200 {
		t.Fatalf("get: %+v", r)
	}
	if r := call("list", nil); r.Status != 200 || len(r.Response.Data.([]any)) != 1 {
		t.Fatalf("list: %+v", r)
	}
	upd := call("update", map[string]any{"id": id, "email": "x@example.com"})
	if upd.Status != 200 || upd.Response.Data.(map[string]any)["email"] != "x@example.com" {
		t.Fatalf("update: %+v", upd)
	}
	dup := call("create", map[string]any{"username": hostile})
	if dup.Status != 502 || dup.Error != "upstream_error" {
		t.Fatalf("duplicate: %+v", dup)
	}
	if r := call("delete", map[string]any{"id": id}); r.Response.Meta["rows_affected"] != float64(1) {
		t.Fatalf("delete: %+v", r)
	}
	if r := call("get", map[string]any{"id": id}); r.Status != 404 {
		t.Fatalf("get after delete: %+v", r)
	}
	if r := call("ping", nil); r.Status != 200 {
		t.Fatalf("ping: %+v", r)
	}
}
