package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileName is the settings file inside the configuration directory.
const FileName = "crud.yaml"

// Lookup finds a setting in the environment; os.LookupEnv in production.
type Lookup func(name string) (string, bool)

// Problems is every problem found while loading settings. Its message names
// each bad setting, the value given and the valid choices.
type Problems []string

func (p Problems) Error() string {
	return "invalid settings:\n  " + strings.Join(p, "\n  ")
}

// Loaded is the outcome of Load: the settings, where each value came from,
// and warnings about settings ignored in the chosen mode.
type Loaded struct {
	Settings *Settings
	// Source maps each setting name to "default", "env" or the file path.
	Source map[string]string
	// Warnings name settings that have no effect in the chosen mode.
	Warnings []string
	// invalid holds the text of settings that failed to parse.
	invalid map[string]string
}

// Load reads SERVICE_CONFIG_DIR/crud.yaml when present, overlays the
// environment, and validates the result. A Problems error lists all the
// problems at once so an operator fixes them in one pass; the Loaded
// returned with it still describes what was read, for `config check`.
func Load(env Lookup) (*Loaded, error) {
	dir := configDir(env)
	fileValues, err := readFile(filepath.Join(dir, FileName))
	if err != nil {
		return nil, err
	}

	s := &Settings{ConfigDir: dir}
	l := &Loaded{Settings: s, Source: map[string]string{}, invalid: map[string]string{}}
	var problems Problems
	for _, st := range table {
		value, source := st.def, "default"
		if v, ok := fileValues[st.name]; ok {
			value, source = v, filepath.Join(dir, FileName)
		}
		if v, ok := env(st.name); ok {
			value, source = v, "env"
		}
		l.Source[st.name] = source
		if err := st.set(s, strings.TrimSpace(value)); err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q: %v", st.name, value, err))
			l.invalid[st.name] = value
			_ = st.set(s, st.def)
		}
	}

	// Settings that failed to parse keep their defaults here, so the
	// cross-checks still report what else is wrong; without a valid mode
	// they would only add noise.
	if _, badMode := l.invalid["INBOUND_AUTH_MODE"]; !badMode {
		more, warnings := validate(s)
		problems, l.Warnings = append(problems, more...), warnings
	}
	if len(problems) > 0 {
		return l, problems
	}
	return l, nil
}

// configDir is SERVICE_CONFIG_DIR, else /app/config in a container image,
// else ./config when run from a checkout.
func configDir(env Lookup) string {
	if v, ok := env("SERVICE_CONFIG_DIR"); ok && v != "" {
		return v
	}
	if st, err := os.Stat("/app/config"); err == nil && st.IsDir() {
		return "/app/config"
	}
	return "config"
}

// readFile reads crud.yaml into setting name -> text. Keys may be written as
// the environment names or in lower case; lists may be YAML sequences.
func readFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}

	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("reading settings %s: %w", path, err)
	}
	out := make(map[string]string, len(raw))
	var problems Problems
	for k, v := range raw {
		name := strings.ToUpper(k)
		if !known(name) {
			problems = append(problems, fmt.Sprintf("%s: unknown setting %q", path, k))
			continue
		}
		out[name] = yamlText(v)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return out, nil
}

func yamlText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(t))
		for i, it := range t {
			parts[i] = fmt.Sprint(it)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(t)
	}
}

func known(name string) bool {
	for _, st := range table {
		if st.name == name {
			return true
		}
	}
	return false
}

// Effective lists each setting with its value as text, secrets masked, in
// declaration order, for `crudsvc config check`.
func (l *Loaded) Effective() [][3]string {
	out := make([][3]string, 0, len(table))
	for _, st := range table {
		v := st.get(l.Settings)
		if raw, bad := l.invalid[st.name]; bad {
			v = raw + " (invalid)"
		}
		if st.secret && v != "" {
			v = "********"
		}
		out = append(out, [3]string{st.name, v, l.Source[st.name]})
	}
	return out
}
