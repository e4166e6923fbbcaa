package workflow

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// maxExprNodes bounds the size of one expression; the VM's default memory
// budget bounds what it may allocate while running.
const maxExprNodes = 1000

// evalEnv is what expressions see: the run's inputs, its variables, the
// outputs of nodes by id, and the latest decision and form data.
type evalEnv map[string]any

// compileEnv declares the names expressions may use. Nothing in it is a
// function, so an expression can call only expr's builtins.
func compileEnv() map[string]any {
	return map[string]any{
		"inputs":   map[string]any{},
		"vars":     map[string]any{},
		"nodes":    map[string]any{},
		"decision": "",
		"data":     map[string]any{},
	}
}

// compileExpr compiles src against the workflow environment.
func compileExpr(src string, opts ...expr.Option) (*vm.Program, error) {
	base := []expr.Option{expr.Env(compileEnv()), expr.MaxNodes(maxExprNodes)}
	return expr.Compile(src, append(base, opts...)...)
}

// compileCondition compiles an edge condition, which must give a boolean.
func compileCondition(src string) (*vm.Program, error) {
	return compileExpr(src, expr.AsBool())
}

// valueTemplate is a compiled YAML value whose strings may hold expressions.
type valueTemplate interface {
	eval(env evalEnv) (any, error)
}

type literal struct{ v any }

func (l literal) eval(evalEnv) (any, error) { return l.v, nil }

type exprValue struct {
	src string
	p   *vm.Program
}

func (e exprValue) eval(env evalEnv) (any, error) {
	v, err := expr.Run(e.p, map[string]any(env))
	if err != nil {
		return nil, fmt.Errorf("evaluating %q: %w", e.src, err)
	}
	return v, nil
}

// interpolation is text with ${ expr } segments, rendered as a string.
type interpolation []valueTemplate

func (in interpolation) eval(env evalEnv) (any, error) {
	var b strings.Builder
	for _, part := range in {
		v, err := part.eval(env)
		if err != nil {
			return nil, err
		}
		if v != nil {
			fmt.Fprint(&b, v)
		}
	}
	return b.String(), nil
}

type mapTemplate map[string]valueTemplate

func (m mapTemplate) eval(env evalEnv) (any, error) {
	out := make(map[string]any, len(m))
	for k, t := range m {
		v, err := t.eval(env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

type listTemplate []valueTemplate

func (l listTemplate) eval(env evalEnv) (any, error) {
	out := make([]any, len(l))
	for i, t := range l {
		v, err := t.eval(env)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}

// compileValue compiles a YAML value. A string that is exactly "${ expr }"
// becomes the expression's value, keeping its type; a string with ${ expr }
// segments inside text becomes a string; a map {from: expr} becomes the
// expression's value; maps and lists are compiled element by element.
func compileValue(v any) (valueTemplate, error) {
	switch v := v.(type) {
	case string:
		return compileString(v)
	case map[string]any:
		if src, ok := v["from"].(string); ok && len(v) == 1 {
			return compileWhole(src)
		}
		m := make(mapTemplate, len(v))
		for k, item := range v {
			t, err := compileValue(item)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			m[k] = t
		}
		return m, nil
	case []any:
		l := make(listTemplate, len(v))
		for i, item := range v {
			t, err := compileValue(item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			l[i] = t
		}
		return l, nil
	default:
		return literal{v}, nil
	}
}

func compileWhole(src string) (valueTemplate, error) {
	p, err := compileExpr(src)
	if err != nil {
		return nil, fmt.Errorf("compiling %q: %w", src, err)
	}
	return exprValue{src: src, p: p}, nil
}

// compileString splits s into text and ${ expr } segments. An expression
// ends at the first "}", so expressions inside text cannot hold braces.
func compileString(s string) (valueTemplate, error) {
	trimmed := strings.TrimSpace(s)
	if strings.HasPrefix(trimmed, "${") && strings.HasSuffix(trimmed, "}") &&
		strings.Count(trimmed, "${") == 1 {
		return compileWhole(trimmed[2 : len(trimmed)-1])
	}
	if !strings.Contains(s, "${") {
		return literal{s}, nil
	}

	var parts interpolation
	rest := s
	for {
		open := strings.Index(rest, "${")
		if open < 0 {
			break
		}
		end := strings.Index(rest[open:], "}")
		if end < 0 {
			return nil, fmt.Errorf("unterminated ${ in %q", s)
		}
		if open > 0 {
			parts = append(parts, literal{rest[:open]})
		}
		t, err := compileWhole(rest[open+2 : open+end])
		if err != nil {
			return nil, err
		}
		parts = append(parts, t)
		rest = rest[open+end+1:]
	}
	if rest != "" {
		parts = append(parts, literal{rest})
	}
	return parts, nil
}
