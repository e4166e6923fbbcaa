package execute

import (
	"fmt"
	"slices"
	"strings"
)

// EnvPrefix marks environment variables every template may read through
// env(). Any other variable must be listed in the system's env: list, so a
// template (or a param fed into env()) cannot reach the service's own
// secrets.
const EnvPrefix = "CRUD_SYSTEM_"

// envLookup is the env() function of one system's templates. An allowed
// variable that is unset gives none, so `env("X") | default("y")` works; a
// variable that is not allowed is an error.
type envLookup struct {
	allowed []string
	lookup  func(string) (string, bool)
}

// call is registered as env in the template context.
func (e envLookup) call(name string) (any, error) {
	if !strings.HasPrefix(name, EnvPrefix) && !slices.Contains(e.allowed, name) {
		return nil, fmt.Errorf("env(%q): variable is not allowed: list it under env "+
			"or give it the %s prefix", name, EnvPrefix)
	}
	v, ok := e.lookup(name)
	if !ok {
		return nil, nil
	}
	return v, nil
}
