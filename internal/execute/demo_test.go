package execute_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/execute"
)

// demoExecutor loads the shipped config/ with the demo database in a
// temporary directory that does not exist yet.
func demoExecutor(t *testing.T) (*execute.Executor, string) {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "nested", "demo.db")
	x := load(t, filepath.Join("..", "..", "config"), execute.Options{
		CorrelationID: correlationID,
		LookupEnv:     envMap(map[string]string{"DEMO_DB_PATH": dbPath}),
	})
	return x, dbPath
}

func TestDemoCycle(t *testing.T) {
	x, dbPath := demoExecutor(t)
	srv := serve(t, x)
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatalf("demo database not created: %v", err)
	}

	call := func(action string, params map[string]any) reply {
		return post(t, srv, map[string]any{
			"system": "demo", "object_type": "user", "action": action, "params": params,
		})
	}

	created := call("create", map[string]any{"username": "alice", "email": "alice@example.com"})
	if created.Status != 200 || !created.Response.Success {
		t.Fatalf("create: %d %+v", created.Status, created)
	}
	user := created.Response.Data.(map[string]any)
	if user["username"] != "alice" || user["display_name"] != "alice" || user["created_at"] == "" {
		t.Fatalf("create: got %v", user)
	}
	if created.CorrelationID != "cid-1" || created.Response.Meta["system"] != "demo" {
		t.Fatalf("create: envelope %+v", created)
	}
	id := user["id"]

	got := call("get", map[string]any{"id": id})
	if got.Status != 200 || got.Response.Data.(map[string]any)["email"] != "alice@example.com" {
		t.Fatalf("get: %d %+v", got.Status, got.Response.Data)
	}

	call("create", map[string]any{"username": "bob"})
	list := call("list", map[string]any{"limit": 10})
	if rows := list.Response.Data.([]any); list.Status != 200 || len(rows) != 2 {
		t.Fatalf("list: %d %v", list.Status, list.Response.Data)
	}
	page := call("list", map[string]any{"limit": 1, "offset": 1})
	if rows := page.Response.Data.([]any); len(rows) != 1 ||
		rows[0].(map[string]any)["username"] != "bob" {
		t.Fatalf("list page: %v", page.Response.Data)
	}

	upd := call("update", map[string]any{"id": id, "display_name": "Alice A."})
	data := upd.Response.Data.(map[string]any)
	if upd.Status != 200 || data["display_name"] != "Alice A." || data["email"] != "alice@example.com" {
		t.Fatalf("update: %d %v", upd.Status, upd.Response.Data)
	}

	del := call("delete", map[string]any{"id": id})
	if del.Status != 200 || del.Response.Meta["rows_affected"] != float64(1) {
		t.Fatalf("delete: %d %+v", del.Status, del.Response.Meta)
	}
	gone := call("get", map[string]any{"id": id})
	if gone.Status != 404 || gone.Error != "not_found" {
		t.Fatalf("get after delete: %d %+v", gone.Status, gone)
	}
}

func TestDemoPing(t *testing.T) {
	x, _ := demoExecutor(t)
	srv := serve(t, x)

	for _, objectType := range []string{"user", "anything"} {
		r := post(t, srv, map[string]any{"system": "demo", "object_type": objectType, "action": "ping"})
		data, _ := r.Response.Data.(map[string]any)
		if r.Status != 200 || data["success"] != true || data["latency_ms"] == nil {
			t.Fatalf("ping %s: %d %+v", objectType, r.Status, r)
		}
	}
	if failed := x.Ping(t.Context()); len(failed) != 0 {
		t.Fatalf("Ping: %v", failed)
	}
	if got := x.Systems(); len(got) != 1 || got[0] != "demo" {
		t.Fatalf("Systems: %v", got)
	}
}

func TestRunAction(t *testing.T) {
	x, _ := demoExecutor(t)

	data, err := x.RunAction(t.Context(), "demo", "user", "create",
		map[string]any{"username": "wf"})
	if err != nil || data.(map[string]any)["username"] != "wf" {
		t.Fatalf("create: %v %v", data, err)
	}
	_, err = x.RunAction(t.Context(), "demo", "user", "create", nil)
	var e *execute.Error
	if !errors.As(err, &e) || e.Status != 422 || e.Fields[0].Field != "params.username" {
		t.Fatalf("missing param: %v", err)
	}
}
