package workflow

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/vm"
)

var (
	logLevels        = []string{"debug", "info", "warn", "error"}
	defaultDecisions = []string{"approve", "reject"}
)

// buildNode checks one node's fields for its type and compiles them.
func buildNode(fn *fileNode) (*Node, error) {
	if fn.ID == "" {
		return nil, errors.New("missing id")
	}
	n := &Node{ID: fn.ID, Type: NodeType(fn.Type)}
	switch n.Type {
	case NodeStart, NodeEnd:
		return n, nil
	case NodeAction:
		return n, buildAction(n, fn)
	case NodeSetVariable:
		return n, buildSetVariable(n, fn)
	case NodeLog:
		return n, buildLog(n, fn)
	case NodeUserInteraction:
		return n, buildInteraction(n, fn)
	default:
		return nil, fmt.Errorf("unknown type %q, want START, END, ACTION, "+
			"SET_VARIABLE, LOG or USER_INTERACTION", fn.Type)
	}
}

func buildAction(n *Node, fn *fileNode) error {
	n.System, n.ObjectType, n.Action = fn.System, fn.ObjectType, fn.Action
	if n.System == "" || n.ObjectType == "" || n.Action == "" {
		return errors.New("ACTION needs system, object_type and action")
	}
	params := fn.Params
	if params == nil {
		params = map[string]any{}
	}
	t, err := compileValue(params)
	if err != nil {
		return fmt.Errorf("params: %w", err)
	}
	n.params = t
	return nil
}

// buildSetVariable compiles each variable's expression. A string is an
// expression (optionally wrapped in ${ }); other YAML scalars are literals.
func buildSetVariable(n *Node, fn *fileNode) error {
	if len(fn.Variables) == 0 {
		return errors.New("SET_VARIABLE needs variables")
	}
	n.variables = map[string]*vm.Program{}
	for name, v := range fn.Variables {
		src, ok := v.(string)
		if !ok {
			src = fmt.Sprintf("%#v", v)
			if v == nil {
				src = "nil"
			}
		}
		src = strings.TrimSpace(src)
		if strings.HasPrefix(src, "${") && strings.HasSuffix(src, "}") {
			src = src[2 : len(src)-1]
		}
		p, err := compileExpr(src)
		if err != nil {
			return fmt.Errorf("variable %q: %w", name, err)
		}
		n.variables[name] = p
	}
	return nil
}

func buildLog(n *Node, fn *fileNode) error {
	n.Level = fn.Level
	if n.Level == "" {
		n.Level = "info"
	}
	if !slices.Contains(logLevels, n.Level) {
		return fmt.Errorf("level %q, want one of %s", n.Level, strings.Join(logLevels, ", "))
	}
	if fn.Message == nil {
		return errors.New("LOG needs message")
	}
	t, err := compileValue(fn.Message)
	if err != nil {
		return fmt.Errorf("message: %w", err)
	}
	n.message = t
	return nil
}

func buildInteraction(n *Node, fn *fileNode) error {
	in := &Interaction{Type: fn.InteractionType, Title: fn.Title}
	switch in.Type {
	case InteractionApproval:
		in.Decisions = fn.Decisions
		if len(in.Decisions) == 0 {
			in.Decisions = defaultDecisions
		}
	case InteractionForm:
		in.Schema = fn.Schema
		if fn.Form != nil {
			in.Schema = fn.Form.Schema
		}
		if len(in.Schema) == 0 {
			return errors.New("form needs a schema")
		}
		if err := checkFields(in.Schema); err != nil {
			return fmt.Errorf("schema: %w", err)
		}
	default:
		return fmt.Errorf("interaction_type %q, want approval or form", fn.InteractionType)
	}
	n.Interaction = in
	return nil
}
