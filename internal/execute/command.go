package execute

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/crudservice/crudsvc/internal/connector"
)

// returnsRows spots statements whose result is rows rather than a count.
var (
	rowKeyword = regexp.MustCompile(`(?i)^\s*(SELECT|WITH|VALUES|PRAGMA|SHOW|EXPLAIN)\b`)
	returning  = regexp.MustCompile(`(?i)\bRETURNING\b`)
)

// command is one compiled action. Statement text is fixed configuration:
// request data only ever reaches the database as bound arguments.
type command struct {
	statement string
	args      []*template
	result    connector.Result

	method   string
	endpoint *template
	query    map[string]*template
	headers  map[string]*template
	body     any // a tree whose string leaves are *template

	required []string
}

// compileCommand parses every template of def; errors name the field.
func compileCommand(def commandDef, field string) (*command, []error) {
	var errs []error
	compile := func(src, f string) *template {
		t, err := compileTemplate(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
		}
		return t
	}

	c := &command{statement: def.Statement, method: def.Method, required: def.RequiredParams}
	c.result = inferResult(def)
	for i, p := range def.Params {
		c.args = append(c.args, compile(p, fmt.Sprintf("%s.params[%d]", field, i)))
	}
	c.endpoint = compile(def.Endpoint, field+".endpoint")
	c.query = compileMap(def.Query, field+".query", compile)
	c.headers = compileMap(def.Headers, field+".headers", compile)
	c.body = compileTree(def.Body, field+".body", compile)
	return c, errs
}

func inferResult(def commandDef) connector.Result {
	if def.Result != "" {
		return connector.Result(def.Result)
	}
	if rowKeyword.MatchString(def.Statement) || returning.MatchString(def.Statement) {
		return connector.ResultRows
	}
	return connector.ResultAffected
}

func compileMap(m map[string]string, field string,
	compile func(string, string) *template) map[string]*template {
	out := make(map[string]*template, len(m))
	for k, v := range m {
		out[k] = compile(v, field+"."+k)
	}
	return out
}

// compileTree compiles the string leaves of a YAML body.
func compileTree(v any, field string, compile func(string, string) *template) any {
	switch x := v.(type) {
	case string:
		return compile(x, field)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = compileTree(e, field+"."+k, compile)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = compileTree(e, fmt.Sprintf("%s[%d]", field, i), compile)
		}
		return out
	default:
		return v
	}
}

// missing lists the required params absent or null in params. A dotted
// name (address.city) looks inside nested objects.
func (c *command) missing(params map[string]any) []FieldError {
	var out []FieldError
	for _, name := range c.required {
		if lookupPath(params, name) == nil {
			out = append(out, FieldError{Field: "params." + name, Message: "is required"})
		}
	}
	return out
}

func lookupPath(params map[string]any, path string) any {
	var cur any = params
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}
