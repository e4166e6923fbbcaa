package execute_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/execute"
)

const sqliteType = `
connector: sql
connection:
  driver: sqlite
  timeout: 5s
object_types:
  user:
    commands:
      get:
        statement: SELECT 'from type' AS origin
        result: one
      list:
        statement: SELECT 'from type' AS origin
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"fail/statement_missing", map[string]string{"systems/demo.yaml": `
connector: sql
connection: {driver: sqlite, dsn: ":memory:"}
object_types: {user: {commands: {get: {params: ["{{ params.id }}"]}}}}
`}, []string{"systems/demo.yaml: object_types.user.commands.get: statement is required"}},
		{"fail/every_problem_listed", map[string]string{"systems/x.yaml": `
connector: rest
connection: {timeout: soon, auth: {type: bearer}}
object_types: {user: {commands: {ping: {method: GET}, get: {endpoint: /u}}}}
`}, []string{
			"systems/x.yaml: connection.base_url: is required",
			"systems/x.yaml: connection.auth.token: is required for bearer auth",
			"systems/x.yaml: connection.timeout: must be a duration",
			"systems/x.yaml: object_types.user.commands.get: method is required",
			"systems/x.yaml: object_types.user.commands.ping: ping is a built-in action",
		}},
		{"fail/unknown_field", map[string]string{"systems/x.yaml": `
connector: sql
connection: {driver: sqlite, dsn: ":memory:", pasword: x}
`}, []string{"systems/x.yaml: parsing:", "line 3: field pasword not found"}},
		{"fail/bad_template", map[string]string{"systems/x.yaml": `
connector: sql
connection: {driver: sqlite, dsn: ":memory:"}
object_types: {user: {commands: {get: {statement: "SELECT ?", params: ["{{ params.id "]}}}}
`}, []string{"systems/x.yaml: object_types.user.commands.get.params[0]: parsing template"}},
		{"fail/unknown_type", map[string]string{"systems/x.yaml": "type: nope\n"},
			[]string{"systems/x.yaml: type: reading system_types/nope.yaml"}},
		{"fail/type_is_a_path", map[string]string{"systems/x.yaml": "type: ../x\n"},
			[]string{"systems/x.yaml: type: \"../x\" is not a valid type name"}},
		{"fail/connector", map[string]string{"systems/x.yaml": "connector: ldap\n"},
			[]string{"systems/x.yaml: connector: must be sql or rest"}},
		{"fail/env_not_allowed", map[string]string{"systems/x.yaml": `
connector: sql
connection: {driver: sqlite, dsn: "{{ env('HOME') }}"}
`}, []string{"systems/x.yaml: connection.dsn: rendering template", `env("HOME")`,
			"not allowed"}},
		{"fail/setup", map[string]string{"systems/x.yaml": `
connector: sql
connection: {driver: sqlite, dsn: ":memory:"}
setup: ["CREATE TABLE (oops"]
`}, []string{"systems/x.yaml: setup: connector: setup statement 0"}},
		{"fail/duplicate_name", map[string]string{
			"systems/a.yaml": "name: s\nconnector: sql\nconnection: {driver: sqlite, dsn: ':memory:'}\n",
			"systems/b.yaml": "name: s\nconnector: sql\nconnection: {driver: sqlite, dsn: ':memory:'}\n",
		}, []string{"systems/b.yaml: name: system \"s\" is already defined by systems/a.yaml"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := execute.Load(writeConfig(t, tc.files), execute.Options{})
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadMergesType(t *testing.T) {
	dir := writeConfig(t, map[string]string{
		"system_types/lite.yaml": sqliteType,
		"systems/merged.yaml": `
type: lite
connection: {dsn: ":memory:"}
object_types:
  user:
    commands:
      get: {statement: "SELECT 'from system' AS origin"}
      count: {statement: "SELECT 1 AS n", result: one}
`,
	})
	x := load(t, dir, execute.Options{})

	tests := []struct{ action, want string }{
		{"get", "from system"}, // the system's statement wins, the type's result stays
		{"list", "from type"},
	}
	for _, tc := range tests {
		res, err := x.Execute(t.Context(), execute.Request{
			System: "merged", ObjectType: "user", Action: tc.action,
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.action, err)
		}
		var origin any
		switch d := res.Data.(type) {
		case map[string]any:
			origin = d["origin"]
		case []map[string]any:
			origin = d[0]["origin"]
		}
		if origin != tc.want {
			t.Fatalf("%s: got %#v, want %q", tc.action, res.Data, tc.want)
		}
	}
}
