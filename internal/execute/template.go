package execute

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
)

// templateEnv is the gonja environment every command template runs in: the
// standard filters and tests, and no file access (see compileGonja).
var templateEnv = &exec.Environment{
	Context:           exec.EmptyContext().Update(builtins.GlobalFunctions),
	Filters:           builtins.Filters,
	Tests:             builtins.Tests,
	ControlStructures: builtins.ControlStructures,
	Methods:           builtins.Methods,
}

// template is one compiled command template. A template without any
// template syntax is a literal. A template that is exactly one {{ expr }}
// yields the expression's typed value (number, list, map, null) through
// Value; any other template yields text.
type template struct {
	source  string
	literal bool
	text    *exec.Template
	typed   *exec.Template // nil unless the template is a single expression
}

// compileTemplate parses source once, at load time.
func compileTemplate(source string) (*template, error) {
	t := &template{source: source}
	if !strings.Contains(source, "{{") && !strings.Contains(source, "{%") &&
		!strings.Contains(source, "{#") {
		t.literal = true
		return t, nil
	}

	var err error
	if t.text, err = compileGonja(source); err != nil {
		return nil, err
	}
	if expr, ok := singleExpression(source); ok {
		// tojson turns the value into JSON we decode back into Go values,
		// which keeps numbers, lists and maps typed.
		if t.typed, err = compileGonja("{{ (" + expr + ") | tojson }}"); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// compileGonja parses source with a loader that holds only the template
// itself, so include, import and extends cannot read files.
func compileGonja(source string) (*exec.Template, error) {
	const name = "/command"
	loader, err := loaders.NewMemoryLoader(map[string]string{name: source})
	if err != nil {
		return nil, err
	}
	tpl, err := exec.NewTemplate(name, config.New(), loader, templateEnv)
	if err != nil {
		return nil, fmt.Errorf("parsing template: %w", unwrapGonja(err))
	}
	return tpl, nil
}

// singleExpression reports whether source is exactly one {{ expr }} (blank
// space around it allowed) and returns expr.
func singleExpression(source string) (string, bool) {
	s := strings.TrimSpace(source)
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return "", false
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(s, "{{"), "}}")
	for _, mark := range []string{"{{", "}}", "{%", "%}", "{#", "#}"} {
		if strings.Contains(inner, mark) {
			return "", false
		}
	}
	inner = strings.TrimPrefix(strings.TrimSuffix(inner, "-"), "-")
	if strings.TrimSpace(inner) == "" {
		return "", false
	}
	return inner, true
}

// Text renders the template as a string.
func (t *template) Text(data map[string]any) (string, error) {
	if t.literal {
		return t.source, nil
	}
	out, err := t.text.ExecuteToString(exec.NewContext(data))
	if err != nil {
		return "", fmt.Errorf("rendering template: %w", unwrapGonja(err))
	}
	return out, nil
}

// Value renders the template as a typed value when it is a single
// expression, else as a string.
func (t *template) Value(data map[string]any) (any, error) {
	if t.typed == nil {
		return t.Text(data)
	}
	out, err := t.typed.ExecuteToString(exec.NewContext(data))
	if err != nil {
		return nil, fmt.Errorf("rendering template: %w", unwrapGonja(err))
	}

	dec := json.NewDecoder(bytes.NewReader([]byte(out)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("rendering template: expression did not give a value: %w", err)
	}
	return normalizeNumbers(v), nil
}

// normalizeNumbers turns json.Number into int64 when integral, else
// float64, throughout v.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = normalizeNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalizeNumbers(x[k])
		}
	}
	return v
}

// unwrapGonja keeps gonja's message but drops the error's stack wrapper.
func unwrapGonja(err error) error {
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "unable to execute template: "))
}
