package execute

import (
	"fmt"
	"maps"
	"net/url"

	"github.com/crudservice/crudsvc/internal/connector"
)

// render turns the command and the template data into a connector command.
// Rendered values are data: they are bound or encoded, never parsed again.
func (c *command) render(data map[string]any) (connector.Command, error) {
	cmd := connector.Command{Statement: c.statement, Result: c.result, Method: c.method}

	for i, t := range c.args {
		v, err := t.Value(data)
		if err != nil {
			return cmd, fmt.Errorf("params[%d]: %w", i, err)
		}
		cmd.Args = append(cmd.Args, v)
	}

	endpoint, err := c.endpoint.Text(pathEscaped(data))
	if err != nil {
		return cmd, fmt.Errorf("endpoint: %w", err)
	}
	cmd.Endpoint = endpoint

	if cmd.Query, err = renderValues(c.query, data); err != nil {
		return cmd, fmt.Errorf("query: %w", err)
	}
	if cmd.Headers, err = renderTexts(c.headers, data); err != nil {
		return cmd, fmt.Errorf("headers: %w", err)
	}
	if cmd.Body, err = renderTree(c.body, data); err != nil {
		return cmd, fmt.Errorf("body: %w", err)
	}
	return cmd, nil
}

func renderValues(m map[string]*template, data map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, t := range m {
		v, err := t.Value(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func renderTexts(m map[string]*template, data map[string]any) (map[string]string, error) {
	out := make(map[string]string, len(m))
	for k, t := range m {
		v, err := t.Text(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

// renderTree renders a compiled body; single-expression leaves keep their
// type, so `count: "{{ params.count }}"` sends a number.
func renderTree(v any, data map[string]any) (any, error) {
	switch x := v.(type) {
	case *template:
		return x.Value(data)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := renderTree(e, data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := renderTree(e, data)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = r
		}
		return out, nil
	default:
		return v, nil
	}
}

// pathEscaped returns data with every string in params path-escaped, for
// rendering endpoints: a param such as "../admin" or "a?b=c" stays one path
// segment instead of reshaping the URL.
func pathEscaped(data map[string]any) map[string]any {
	out := maps.Clone(data)
	out["params"] = escapeStrings(data["params"])
	return out
}

func escapeStrings(v any) any {
	switch x := v.(type) {
	case string:
		return url.PathEscape(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = escapeStrings(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = escapeStrings(e)
		}
		return out
	default:
		return v
	}
}
