package execute_test

import (
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/execute"
)

// probeSystem is a SQLite system whose commands echo how their templates
// rendered: typeof() shows the type a bound argument arrived with.
const probeSystem = `
name: probe
connector: sql
env: [PROBE_SUFFIX]
connection:
  driver: sqlite
  dsn: "{{ env('CRUD_SYSTEM_DIR') }}/probe.db"
setup:
  - CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT, note TEXT)
object_types:
  item:
    commands:
      echo:
        statement: SELECT typeof(?) AS type, ? AS value, ? AS text
        params:
          - "{{ params.v }}"
          - "{{ params.v }}"
          - "v={{ params.v }};d={{ params.d | default('dflt') }};j={{ params.v | tojson }}"
        result: one
      put:
        required_params: [name]
        statement: INSERT INTO items (name, note) VALUES (?, ?) RETURNING name, note
        params: ["{{ params.name }}", "note: {{ params.name }}"]
        result: one
      count:
        statement: SELECT COUNT(*) AS n FROM items
        result: one
      suffix:
        statement: SELECT ? AS s
        params: ["{{ env('PROBE_SUFFIX') | default('none') }}"]
        result: one
      secret:
        statement: SELECT ? AS s
        params: ["{{ env('HOME') }}"]
        result: one
`

func probeExecutor(t *testing.T) *execute.Executor {
	t.Helper()
	dir := writeConfig(t, map[string]string{"systems/probe.yaml": probeSystem})
	return load(t, dir, execute.Options{
		LookupEnv: envMap(map[string]string{
			"CRUD_SYSTEM_DIR": filepath.Join(dir, "db"), "PROBE_SUFFIX": "sfx", "HOME": "/root",
		}),
	})
}

func TestTemplateValues(t *testing.T) {
	tests := []struct {
		name      string
		params    map[string]any
		wantType  string
		wantValue any
		wantText  string
	}{
		{"ok/integer_stays_integer", map[string]any{"v": 3}, "integer", int64(3),
			"v=3;d=dflt;j=3"},
		{"ok/float_stays_real", map[string]any{"v": 2.5}, "real", 2.5, "v=2.5;d=dflt;j=2.5"},
		{"ok/missing_is_null_or_empty", map[string]any{}, "null", nil, "v=;d=dflt;j=null"},
		{"ok/default_applies_when_given", map[string]any{"d": "x"}, "null", nil,
			"v=;d=x;j=null"},
		{"ok/list_binds_as_json", map[string]any{"v": []any{"a", int64(1)}}, "text",
			`["a",1]`, `v=['a', 1];d=dflt;j=["a",1]`},
		{"ok/map_binds_as_json", map[string]any{"v": map[string]any{"k": true}}, "text",
			`{"k":true}`, `v={'k': True};d=dflt;j={"k":true}`},
		{"ok/template_in_param_is_text", map[string]any{"v": "{{ 7*7 }}"}, "text",
			"{{ 7*7 }}", `v={{ 7*7 }};d=dflt;j="{{ 7*7 }}"`},
	}
	x := probeExecutor(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := x.Execute(t.Context(), execute.Request{
				System: "probe", ObjectType: "item", Action: "echo", Params: tc.params,
			})
			if err != nil {
				t.Fatal(err)
			}
			row := res.Data.(map[string]any)
			if row["type"] != tc.wantType || row["value"] != tc.wantValue ||
				row["text"] != tc.wantText {
				t.Fatalf("got %#v", row)
			}
		})
	}
}

func TestParamsStayData(t *testing.T) {
	x := probeExecutor(t)
	hostile := []string{
		"'; DROP TABLE items; --",
		"{{ 7*7 }}",
		"{% for i in range(3) %}x{% endfor %}",
		"\" OR 1=1 --",
	}
	for _, name := range hostile {
		res, err := x.Execute(t.Context(), execute.Request{
			System: "probe", ObjectType: "item", Action: "put",
			Params: map[string]any{"name": name},
		})
		if err != nil {
			t.Fatalf("put %q: %v", name, err)
		}
		row := res.Data.(map[string]any)
		if row["name"] != name || row["note"] != "note: "+name {
			t.Fatalf("put %q: stored %#v", name, row)
		}
	}

	res, err := x.Execute(t.Context(), execute.Request{
		System: "probe", ObjectType: "item", Action: "count",
	})
	if err != nil {
		t.Fatalf("table gone: %v", err)
	}
	if n := res.Data.(map[string]any)["n"]; n != int64(len(hostile)) {
		t.Fatalf("count = %v, want %d", n, len(hostile))
	}
}

func TestTemplateEnv(t *testing.T) {
	x := probeExecutor(t)

	res, err := x.Execute(t.Context(), execute.Request{
		System: "probe", ObjectType: "item", Action: "suffix",
	})
	if err != nil || res.Data.(map[string]any)["s"] != "sfx" {
		t.Fatalf("listed variable: %v %v", res, err)
	}

	_, err = x.Execute(t.Context(), execute.Request{
		System: "probe", ObjectType: "item", Action: "secret",
	})
	e, ok := err.(*execute.Error)
	if !ok || e.Status != 500 || e.Code != "internal_error" {
		t.Fatalf("unlisted variable: %v", err)
	}
}
