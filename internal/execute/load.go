package execute

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// typeName is what a system's type: may be; it names a file, so no paths.
var typeName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Load reads every <configDir>/systems/*.yaml, merges each over its
// system_types/<type>.yaml, validates it, compiles its templates, opens its
// connector and runs its setup statements. An error names the file and the
// field; nothing stays open when Load fails.
func Load(configDir string, opts Options) (*Executor, error) {
	opts = opts.withDefaults()
	x := &Executor{systems: map[string]*system{}, opts: opts}

	files, err := systemFiles(configDir)
	if err != nil {
		return nil, err
	}
	for _, rel := range files {
		sys, err := loadSystem(configDir, rel, opts)
		if err != nil {
			_ = x.Close()
			return nil, err
		}
		if other, dup := x.systems[sys.name]; dup {
			_ = sys.conn.Close()
			_ = x.Close()
			return nil, fmt.Errorf("execute: %s: name: system %q is already defined by %s",
				rel, sys.name, other.file)
		}
		x.systems[sys.name] = sys
	}
	return x, nil
}

// systemFiles lists the system definitions, relative to configDir, sorted.
func systemFiles(configDir string) ([]string, error) {
	var files []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(configDir, "systems", pattern))
		if err != nil {
			return nil, fmt.Errorf("execute: listing systems: %w", err)
		}
		for _, f := range m {
			rel, _ := filepath.Rel(configDir, f)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	sort.Strings(files)
	return files, nil
}

// loadSystem turns one file into a ready system.
func loadSystem(configDir, rel string, opts Options) (*system, error) {
	def, conn, err := readDefinition(configDir, rel, opts)
	if err != nil {
		return nil, err
	}
	if def.Name == "" {
		def.Name = strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
	}

	if errs := validate(def); len(errs) > 0 {
		return nil, fileErrors(rel, errs)
	}
	sys, errs := compileSystem(def, conn)
	if len(errs) > 0 {
		return nil, fileErrors(rel, errs)
	}
	sys.file = rel
	sys.env = envLookup{allowed: def.Env, lookup: opts.LookupEnv}

	if err := sys.open(def, opts.SetupTimeout); err != nil {
		return nil, fmt.Errorf("execute: %s: %w", rel, err)
	}
	return sys, nil
}

// readDefinition reads a system file and its type, merges them, renders
// the connection's templates and decodes the result strictly. It also
// returns the rendered connection without credentials, for templates.
func readDefinition(configDir, rel string, opts Options) (*systemDef, map[string]any, error) {
	merged, err := readYAML(configDir, rel)
	if err != nil {
		return nil, nil, fmt.Errorf("execute: %w", err)
	}

	if t, _ := merged["type"].(string); t != "" {
		if !typeName.MatchString(t) {
			return nil, nil, fmt.Errorf("execute: %s: type: %q is not a valid type name", rel, t)
		}
		base, err := readYAML(configDir, "system_types/"+t+".yaml")
		if err != nil {
			return nil, nil, fmt.Errorf("execute: %s: type: %w", rel, err)
		}
		merged = deepMerge(base, merged)
	}

	var allowed []string
	if list, ok := merged["env"].([]any); ok {
		for _, v := range list {
			allowed = append(allowed, fmt.Sprint(v))
		}
	}
	env := envLookup{allowed: allowed, lookup: opts.LookupEnv}
	if c, ok := merged["connection"].(map[string]any); ok {
		rendered, err := renderConnection(c, env, "connection")
		if err != nil {
			return nil, nil, fmt.Errorf("execute: %s: %w", rel, err)
		}
		merged["connection"] = rendered
	}

	def, err := decodeStrict(merged)
	if err != nil {
		return nil, nil, fmt.Errorf("execute: %s: %w", rel, err)
	}
	conn, _ := merged["connection"].(map[string]any)
	public := deepMerge(conn, nil)
	for _, secret := range []string{"auth", "dsn", "url"} {
		delete(public, secret)
	}
	return def, public, nil
}

// readYAML reads one file into a map, checking its fields strictly first
// so that a misspelt field is reported with its real line number.
func readYAML(configDir, rel string) (map[string]any, error) {
	raw, err := os.ReadFile(filepath.Join(configDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, errors.Unwrap(err))
	}
	if _, err := decodeStrictBytes(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}

	m := map[string]any{}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: parsing: %w", rel, err)
	}
	return m, nil
}

func decodeStrict(m map[string]any) (*systemDef, error) {
	raw, err := yaml.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("re-encoding merged definition: %w", err)
	}
	return decodeStrictBytes(raw)
}

func decodeStrictBytes(raw []byte) (*systemDef, error) {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var def systemDef
	if err := dec.Decode(&def); err != nil {
		msg := strings.ReplaceAll(err.Error(), "execute.", "")
		msg = strings.ReplaceAll(msg, "yaml: unmarshal errors:\n  ", "")
		return nil, fmt.Errorf("parsing: %s", msg)
	}
	return &def, nil
}

// renderConnection renders every string in the connection block once, at
// load, with env() as the only data: DSNs, URLs and credentials come from
// the environment this way.
func renderConnection(c map[string]any, env envLookup, path string) (map[string]any, error) {
	out := make(map[string]any, len(c))
	for k, v := range c {
		field := path + "." + k
		switch x := v.(type) {
		case string:
			t, err := compileTemplate(x)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", field, err)
			}
			s, err := t.Text(map[string]any{"env": env.call})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", field, err)
			}
			out[k] = s
		case map[string]any:
			m, err := renderConnection(x, env, field)
			if err != nil {
				return nil, err
			}
			out[k] = m
		default:
			out[k] = v
		}
	}
	return out, nil
}

// fileErrors joins field errors under the file's name, one per line.
func fileErrors(rel string, errs []error) error {
	wrapped := make([]error, len(errs))
	for i, e := range errs {
		wrapped[i] = fmt.Errorf("execute: %s: %w", rel, e)
	}
	return errors.Join(wrapped...)
}

// setupContext bounds the connect-and-setup step of one system.
func setupContext(limit time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), limit)
}
