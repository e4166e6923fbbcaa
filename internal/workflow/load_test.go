package workflow_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/workflow"
)

func TestLoadShippedDemo(t *testing.T) {
	reg, err := workflow.Load("../../config/workflows")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	def, ok := reg.Get("demo")
	if !ok {
		t.Fatal("demo workflow not loaded")
	}
	if def.Nodes["create_user"].System != "demo" {
		t.Errorf("create_user system = %q", def.Nodes["create_user"].System)
	}
}

func TestLoadValidation(t *testing.T) {
	const head = "name: bad\nnodes:\n  - {id: start, type: START}\n  - {id: end, type: END}\n"
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error
	}{
		{"fail/unknown_node_type",
			head + "  - {id: x, type: EMAIL}\nedges:\n  - {from: start, to: end}\n",
			[]string{`node "x"`, `unknown type "EMAIL"`}},
		{"fail/edge_to_missing_node",
			head + "edges:\n  - {from: start, to: nowhere}\n",
			[]string{`unknown node "nowhere"`}},
		{"fail/missing_start",
			"name: bad\nnodes:\n  - {id: end, type: END}\n",
			[]string{"missing START"}},
		{"fail/missing_end",
			"name: bad\nnodes:\n  - {id: start, type: START}\n",
			[]string{"missing END"}},
		{"fail/cycle_without_exit",
			head + "  - {id: a, type: LOG, message: a}\n  - {id: b, type: LOG, message: b}\n" +
				"edges:\n  - {from: start, to: end}\n  - {from: start, to: a}\n" +
				"  - {from: a, to: b}\n  - {from: b, to: a}\n",
			[]string{`node "a"`, "cycle through a, b has no path to END"}},
		{"fail/bad_condition",
			head + "edges:\n  - {from: start, to: end, condition: 'nosuchvar == 1'}\n",
			[]string{"edge 0 (start -> end)", "condition"}},
		{"fail/function_call",
			head + "edges:\n  - {from: start, to: end, condition: 'exec(\"x\")'}\n",
			[]string{"condition"}},
		{"fail/unknown_field",
			head + "  - {id: l, type: LOG, mesage: typo}\nedges:\n  - {from: start, to: end}\n",
			[]string{"mesage"}},
		{"fail/form_without_schema",
			head + "  - {id: f, type: USER_INTERACTION, interaction_type: form}\n" +
				"edges:\n  - {from: start, to: f}\n  - {from: f, to: end}\n",
			[]string{`node "f"`, "form needs a schema"}},
		{"fail/unreachable_node",
			head + "  - {id: lost, type: LOG, message: x}\nedges:\n  - {from: start, to: end}\n" +
				"  - {from: lost, to: end}\n",
			[]string{`node "lost": not reachable from START`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDefs(t, map[string]string{"broken.yaml": tt.yaml})
			_, err := workflow.Load(dir)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range append(tt.want, "broken.yaml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadCycleWithExit(t *testing.T) {
	dir := writeDefs(t, map[string]string{"loop.yaml": `
name: loop
nodes:
  - {id: start, type: START}
  - {id: inc, type: SET_VARIABLE, variables: {n: '(vars.n ?? 0) + 1'}}
  - {id: end, type: END}
edges:
  - {from: start, to: inc}
  - {from: inc, to: inc, condition: 'vars.n < 3'}
  - {from: inc, to: end, condition: 'vars.n >= 3'}
`})
	if _, err := workflow.Load(dir); err != nil {
		t.Fatalf("Load: %v", err)
	}
}

func TestShippedDemoRuns(t *testing.T) {
	reg, err := workflow.Load("../../config/workflows")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{reg: reg, runner: &fakeRunner{},
		dbURL: "sqlite:" + t.TempDir() + "/state.db"}
	h.open(t)
	v, err := h.engine.Start(t.Context(), "demo",
		map[string]any{"username": "ada", "email": "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	v, err = h.engine.Resume(t.Context(), v.RequiredAction.TaskID,
		v.ResumeRequest.Headers["If-Match"], workflow.ResumeRequest{Decision: "approve"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != workflow.StatusCompleted || len(h.runner.calls) != 1 {
		t.Fatalf("status %s, %d actions", v.Status, len(h.runner.calls))
	}
	want := map[string]any{"username": "ada", "email": "ada@example.com", "display_name": "ada"}
	for k, w := range want {
		if got := h.runner.calls[0].params[k]; got != w {
			t.Errorf("param %s = %v, want %v", k, got, w)
		}
	}
}
