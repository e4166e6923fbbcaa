package execute

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"
)

var httpMethod = regexp.MustCompile(`^[A-Z]+$`)

// validate checks a decoded definition and returns every problem found,
// each naming its field.
func validate(d *systemDef) []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}

	switch d.Connector {
	case "sql":
		validateSQL(d, add)
	case "rest":
		validateREST(d, add)
	case "":
		add("connector", "is required (sql or rest)")
	default:
		add("connector", "must be sql or rest, not %q", d.Connector)
	}

	c := d.Connection
	if _, err := parseDuration(c.Timeout); err != nil {
		add("connection.timeout", "%v", err)
	}
	if c.Retries != nil && (*c.Retries < 0 || *c.Retries > 10) {
		add("connection.retries", "must be between 0 and 10")
	}
	if _, err := parseDuration(c.RetryMaxWait); err != nil {
		add("connection.retry_max_wait", "%v", err)
	}

	for _, ot := range sortedKeys(d.ObjectTypes) {
		for _, action := range sortedKeys(d.ObjectTypes[ot].Commands) {
			field := fmt.Sprintf("object_types.%s.commands.%s", ot, action)
			validateCommand(d.Connector, action, d.ObjectTypes[ot].Commands[action], field, add)
		}
	}
	return errs
}

func validateSQL(d *systemDef, add func(string, string, ...any)) {
	c := d.Connection
	if c.Driver != "sqlite" && c.Driver != "postgres" {
		add("connection.driver", "must be sqlite or postgres, not %q", c.Driver)
	}
	if c.DSN == "" && c.URL == "" {
		add("connection.dsn", "is required")
	}
	if c.BaseURL != "" {
		add("connection.base_url", "is for rest systems")
	}
	if c.MaxOpenConns < 0 {
		add("connection.max_open_conns", "must not be negative")
	}
}

func validateREST(d *systemDef, add func(string, string, ...any)) {
	c := d.Connection
	if c.BaseURL == "" {
		add("connection.base_url", "is required")
	}
	if len(d.Setup) > 0 {
		add("setup", "is for sql systems")
	}

	a := c.Auth
	switch a.Type {
	case "", "none":
	case "basic":
		if a.Username == "" {
			add("connection.auth.username", "is required for basic auth")
		}
	case "bearer":
		if a.Token == "" {
			add("connection.auth.token", "is required for bearer auth")
		}
	case "oauth2_client_credentials":
		if a.TokenURL == "" {
			add("connection.auth.token_url", "is required for oauth2_client_credentials")
		}
		if a.ClientID == "" {
			add("connection.auth.client_id", "is required for oauth2_client_credentials")
		}
	default:
		add("connection.auth.type", "must be none, basic, bearer or oauth2_client_credentials")
	}
	if c.Ping.Method != "" && !httpMethod.MatchString(c.Ping.Method) {
		add("connection.ping.method", "must be an upper-case HTTP method")
	}
}

func validateCommand(kind, action string, c commandDef, field string,
	add func(string, string, ...any)) {
	if action == PingAction {
		add(field, "ping is a built-in action and cannot be redefined")
	}
	for i, p := range c.RequiredParams {
		if p == "" {
			add(fmt.Sprintf("%s.required_params[%d]", field, i), "must not be empty")
		}
	}

	switch kind {
	case "sql":
		if c.Statement == "" {
			add(field, "statement is required")
		}
		switch c.Result {
		case "", "rows", "one", "affected":
		default:
			add(field+".result", "must be rows, one or affected")
		}
		if c.Method != "" || c.Endpoint != "" || c.Body != nil || len(c.Query) > 0 {
			add(field, "method, endpoint, query and body are for rest systems")
		}
	case "rest":
		if c.Method == "" {
			add(field, "method is required")
		} else if !httpMethod.MatchString(c.Method) {
			add(field+".method", "must be an upper-case HTTP method")
		}
		if c.Statement != "" || len(c.Params) > 0 {
			add(field, "statement and params are for sql systems")
		}
	}
}

func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("must be a duration such as 10s or 500ms")
	}
	return d, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
