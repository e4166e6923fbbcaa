package workflow

import "github.com/expr-lang/expr/vm"

// NodeType names what a node does.
type NodeType string

// The node types a definition may use.
const (
	NodeStart           NodeType = "START"
	NodeEnd             NodeType = "END"
	NodeAction          NodeType = "ACTION"
	NodeSetVariable     NodeType = "SET_VARIABLE"
	NodeLog             NodeType = "LOG"
	NodeUserInteraction NodeType = "USER_INTERACTION"
)

// Interaction types of a USER_INTERACTION node.
const (
	InteractionApproval = "approval"
	InteractionForm     = "form"
)

// Definition is a loaded and validated workflow.
type Definition struct {
	// Name is the workflow name clients start it by.
	Name string
	// File is the file the definition came from, for messages.
	File string
	// Description is free text from the file.
	Description string
	// Inputs describe the data a run must be started with.
	Inputs []Field
	// Nodes by id.
	Nodes map[string]*Node
	// Start is the id of the START node.
	Start string

	outgoing map[string][]*Edge
}

// Node is one step of a definition.
type Node struct {
	ID   string
	Type NodeType

	// ACTION
	System, ObjectType, Action string
	params                     valueTemplate

	// SET_VARIABLE: variable name to expression, applied in name order.
	variables map[string]*vm.Program

	// LOG
	message valueTemplate
	Level   string

	// USER_INTERACTION
	Interaction *Interaction
}

// Interaction describes the task a USER_INTERACTION node asks for.
type Interaction struct {
	// Type is "approval" or "form".
	Type string `json:"task_type"`
	// Title is an optional prompt for the person deciding.
	Title string `json:"title,omitempty"`
	// Decisions allowed for an approval.
	Decisions []string `json:"allowed_decisions,omitempty"`
	// Schema of a form.
	Schema []Field `json:"form_schema,omitempty"`
}

// Field is one named, typed value of a form or of a workflow's inputs.
type Field struct {
	Name     string `json:"name" yaml:"name"`
	Type     string `json:"type" yaml:"type"`
	Required bool   `json:"required" yaml:"required"`
}

// Edge joins two nodes; it fires when its condition is absent or true.
type Edge struct {
	From, To  string
	Condition string
	program   *vm.Program
}

// Registry holds the loaded definitions by name.
type Registry struct {
	defs map[string]*Definition
}

// Get returns the definition called name.
func (r *Registry) Get(name string) (*Definition, bool) {
	if r == nil {
		return nil, false
	}
	d, ok := r.defs[name]
	return d, ok
}

// Names returns the names of the loaded definitions.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.defs))
	for n := range r.defs {
		names = append(names, n)
	}
	return names
}
