package workflow_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/workflow"
)

func TestNodeTypes(t *testing.T) {
	h := newHarness(t, map[string]string{"nodes.yaml": `
name: nodes
inputs:
  - {name: user, type: string, required: true}
  - {name: count, type: number}
nodes:
  - {id: start, type: START}
  - id: set
    type: SET_VARIABLE
    variables: {greeting: '"hello " + inputs.user', doubled: '(inputs.count ?? 1) * 2'}
  - {id: log, type: LOG, level: warn, message: '${ vars.greeting }, doubled ${ vars.doubled }'}
  - id: act
    type: ACTION
    system: demo
    object_type: user
    action: create
    params:
      username: '${ inputs.user }'
      note: 'said ${ vars.greeting }'
      count: {from: vars.doubled}
      fixed: 7
  - {id: end, type: END}
edges:
  - {from: start, to: set}
  - {from: set, to: log}
  - {from: log, to: act}
  - {from: act, to: end}
`})
	v := h.start(t, "nodes", map[string]any{"user": "ada", "count": 21.0})

	if v.Status != workflow.StatusCompleted {
		t.Fatalf("status = %s (%+v), want completed", v.Status, v.Error)
	}
	if got := v.Variables["greeting"]; got != "hello ada" {
		t.Errorf("greeting = %v", got)
	}
	log, _ := v.Outputs["log"].(map[string]any)
	if log["message"] != "hello ada, doubled 42" {
		t.Errorf("log output = %v", log)
	}
	c := h.runner.calls[0]
	if c.params["username"] != "ada" || c.params["note"] != "said hello ada" ||
		c.params["count"] != 42.0 || c.params["fixed"] != 7 {
		t.Errorf("action params = %#v", c.params)
	}
	if c.system != "demo" || c.objectType != "user" || c.action != "create" {
		t.Errorf("action = %s/%s/%s", c.system, c.objectType, c.action)
	}
}

func TestStartErrors(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML + `
inputs:
  - {name: username, type: string, required: true}
`})
	tests := []struct {
		name string
		wf   string
		data map[string]any
		want error
	}{
		{"fail/unknown_workflow", "nope", nil, workflow.ErrUnknownWorkflow},
		{"fail/missing_input", "approve", map[string]any{}, workflow.ErrInvalidData},
		{"fail/wrong_type", "approve", map[string]any{"username": 3}, workflow.ErrInvalidData},
		{"fail/undeclared_input", "approve",
			map[string]any{"username": "a", "x": 1}, workflow.ErrInvalidData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.engine.Start(t.Context(), tt.wf, tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

const branchYAML = `
name: branch
nodes:
  - {id: start, type: START}
  - {id: big, type: LOG, message: big}
  - {id: small, type: LOG, message: small}
  - {id: end, type: END}
edges:
  - {from: start, to: big, condition: 'inputs.amount > 100'}
  - {from: start, to: small, condition: 'inputs.amount <= 100'}
  - {from: big, to: end}
  - {from: small, to: end}
`

func TestBranching(t *testing.T) {
	tests := []struct {
		name     string
		amount   float64
		ran, not string
	}{
		{"ok/big", 500, "big", "small"},
		{"ok/small", 5, "small", "big"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"b.yaml": branchYAML})
			v := h.start(t, "branch", map[string]any{"amount": tt.amount})
			if v.Status != workflow.StatusCompleted {
				t.Fatalf("status = %s", v.Status)
			}
			if _, ok := v.Outputs[tt.ran]; !ok {
				t.Errorf("%s did not run", tt.ran)
			}
			if _, ok := v.Outputs[tt.not]; ok {
				t.Errorf("%s ran", tt.not)
			}
		})
	}
}

func TestNoTrueEdgeFailsRun(t *testing.T) {
	h := newHarness(t, map[string]string{"b.yaml": branchYAML})
	v := h.start(t, "branch", map[string]any{"amount": "not a number"})
	if v.Status != workflow.StatusFailed || v.Error == nil {
		t.Fatalf("status = %s, error = %+v; want failed with error", v.Status, v.Error)
	}
}

func TestParallelBranchesAndJoin(t *testing.T) {
	h := newHarness(t, map[string]string{"p.yaml": `
name: par
nodes:
  - {id: start, type: START}
  - {id: a, type: ACTION, system: s, object_type: o, action: a}
  - {id: b, type: ACTION, system: s, object_type: o, action: b}
  - {id: c, type: ACTION, system: s, object_type: o, action: c}
  - {id: join, type: ACTION, system: s, object_type: o, action: join}
  - {id: end, type: END}
edges:
  - {from: start, to: a}
  - {from: start, to: b}
  - {from: start, to: c}
  - {from: a, to: join}
  - {from: b, to: join}
  - {from: c, to: join}
  - {from: join, to: end}
`})
	h.runner.delay = 50 * time.Millisecond
	v := h.start(t, "par", nil)

	if v.Status != workflow.StatusCompleted {
		t.Fatalf("status = %s", v.Status)
	}
	if h.runner.maxSeen != 3 {
		t.Errorf("at most %d actions ran at once, want 3", h.runner.maxSeen)
	}
	if n := h.runner.count("join"); n != 1 {
		t.Errorf("join ran %d times, want once", n)
	}
}

func TestActionFailureFailsRun(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	h.runner.fail = map[string]error{"create": errors.New("upstream 502")}
	v := h.start(t, "approve", map[string]any{"username": "ada"})
	v = resume(t, h, v, "approve", "")

	if v.Status != workflow.StatusFailed {
		t.Fatalf("status = %s, want failed", v.Status)
	}
	if v.Error == nil || v.Error.NodeID != "create" {
		t.Fatalf("error = %+v, want one naming node create", v.Error)
	}
}

func TestLoopRunsUntilExit(t *testing.T) {
	h := newHarness(t, map[string]string{"loop.yaml": `
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
	v := h.start(t, "loop", nil)
	if v.Status != workflow.StatusCompleted || v.Variables["n"] != 3 {
		t.Fatalf("status = %s, n = %v; want completed with n = 3", v.Status, v.Variables["n"])
	}
	st, err := h.engine.Status(t.Context(), v.ExecutionID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes["inc"].Runs != 3 {
		t.Errorf("inc ran %d times, want 3", st.Nodes["inc"].Runs)
	}
}

func TestStatusUnknownExecution(t *testing.T) {
	h := newHarness(t, map[string]string{"b.yaml": branchYAML})
	_, err := h.engine.Status(t.Context(), "nope")
	wantStatus(t, err, 404)
}

func TestParallelismIsBounded(t *testing.T) {
	yaml := "name: wide\nnodes:\n  - {id: start, type: START}\n  - {id: end, type: END}\n"
	edges := "edges:\n"
	for i := range 6 {
		yaml += fmt.Sprintf("  - {id: n%d, type: ACTION, system: s, object_type: o, action: n%d}\n", i, i)
		edges += fmt.Sprintf("  - {from: start, to: n%d}\n  - {from: n%d, to: end}\n", i, i)
	}
	h := newHarness(t, map[string]string{"w.yaml": yaml + edges})
	h.runner.delay = 50 * time.Millisecond
	v := h.start(t, "wide", nil)

	if v.Status != workflow.StatusCompleted {
		t.Fatalf("status = %s", v.Status)
	}
	if h.runner.maxSeen != workflow.DefaultParallelism {
		t.Errorf("at most %d actions ran at once, want %d", h.runner.maxSeen,
			workflow.DefaultParallelism)
	}
}
