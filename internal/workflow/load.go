package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fileDef is the YAML form of a definition.
type fileDef struct {
	Name        string     `yaml:"name"`
	Description string     `yaml:"description"`
	Inputs      []Field    `yaml:"inputs"`
	Nodes       []fileNode `yaml:"nodes"`
	Edges       []fileEdge `yaml:"edges"`
}

type fileNode struct {
	ID              string         `yaml:"id"`
	Type            string         `yaml:"type"`
	Description     string         `yaml:"description"`
	System          string         `yaml:"system"`
	ObjectType      string         `yaml:"object_type"`
	Action          string         `yaml:"action"`
	Params          map[string]any `yaml:"params"`
	Variables       map[string]any `yaml:"variables"`
	Message         any            `yaml:"message"`
	Level           string         `yaml:"level"`
	InteractionType string         `yaml:"interaction_type"`
	Title           string         `yaml:"title"`
	Decisions       []string       `yaml:"decisions"`
	Form            *struct {
		Schema []Field `yaml:"schema"`
	} `yaml:"form"`
	Schema []Field `yaml:"schema"`
}

type fileEdge struct {
	From      string `yaml:"from"`
	To        string `yaml:"to"`
	Condition string `yaml:"condition"`
}

// Load reads every *.yaml and *.yml file in dir, validates each definition
// and returns them by name. All problems are reported together, each naming
// its file. A missing directory gives an empty registry.
func Load(dir string) (*Registry, error) {
	reg := &Registry{defs: map[string]*Definition{}}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return reg, nil
	}
	if err != nil {
		return nil, fmt.Errorf("workflow: reading %s: %w", dir, err)
	}

	var errs []error
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		def, err := loadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := reg.defs[def.Name]; dup {
			errs = append(errs, fmt.Errorf("workflow: %s: name %q already defined in %s",
				path, def.Name, prev.File))
			continue
		}
		reg.defs[def.Name] = def
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return reg, nil
}

// loadFile parses and validates one definition file.
func loadFile(path string) (*Definition, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("workflow: reading %s: %w", path, err)
	}
	var fd fileDef
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&fd); err != nil {
		return nil, fmt.Errorf("workflow: %s: parsing: %w", path, err)
	}
	if fd.Name == "" {
		fd.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}

	def, errs := build(&fd, path)
	if len(errs) == 0 {
		errs = checkGraph(def)
	}
	if len(errs) > 0 {
		for i, e := range errs {
			errs[i] = fmt.Errorf("workflow: %s: %w", path, e)
		}
		return nil, errors.Join(errs...)
	}
	return def, nil
}

// build turns the file form into a Definition, compiling every expression.
func build(fd *fileDef, path string) (*Definition, []error) {
	def := &Definition{
		Name: fd.Name, File: path, Description: fd.Description, Inputs: fd.Inputs,
		Nodes: map[string]*Node{}, outgoing: map[string][]*Edge{},
	}
	var errs []error
	if err := checkFields(fd.Inputs); err != nil {
		errs = append(errs, fmt.Errorf("inputs: %w", err))
	}
	for _, fn := range fd.Nodes {
		n, err := buildNode(&fn)
		if err != nil {
			errs = append(errs, fmt.Errorf("node %q: %w", fn.ID, err))
			continue
		}
		if _, dup := def.Nodes[n.ID]; dup {
			errs = append(errs, fmt.Errorf("node %q: duplicate id", n.ID))
			continue
		}
		def.Nodes[n.ID] = n
		if n.Type == NodeStart {
			if def.Start != "" {
				errs = append(errs, fmt.Errorf("node %q: second START node", n.ID))
			}
			def.Start = n.ID
		}
	}
	for i, fe := range fd.Edges {
		if err := addEdge(def, fe); err != nil {
			errs = append(errs, fmt.Errorf("edge %d (%s -> %s): %w", i, fe.From, fe.To, err))
		}
	}
	return def, errs
}

// addEdge checks an edge's ends and compiles its condition.
func addEdge(def *Definition, fe fileEdge) error {
	from, ok := def.Nodes[fe.From]
	if !ok {
		return fmt.Errorf("unknown node %q", fe.From)
	}
	to, ok := def.Nodes[fe.To]
	if !ok {
		return fmt.Errorf("unknown node %q", fe.To)
	}
	if from.Type == NodeEnd {
		return errors.New("END node cannot have outgoing edges")
	}
	if to.Type == NodeStart {
		return errors.New("START node cannot have incoming edges")
	}

	e := &Edge{From: fe.From, To: fe.To, Condition: strings.TrimSpace(fe.Condition)}
	if e.Condition != "" {
		p, err := compileCondition(e.Condition)
		if err != nil {
			return fmt.Errorf("condition: %w", err)
		}
		e.program = p
	}
	def.outgoing[fe.From] = append(def.outgoing[fe.From], e)
	return nil
}

var fieldTypes = []string{"string", "number", "boolean"}

// checkFields validates a list of field declarations.
func checkFields(fields []Field) error {
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Name == "" {
			return errors.New("field without name")
		}
		if seen[f.Name] {
			return fmt.Errorf("field %q declared twice", f.Name)
		}
		seen[f.Name] = true
		if !slices.Contains(fieldTypes, f.Type) {
			return fmt.Errorf("field %q: type %q, want one of %s",
				f.Name, f.Type, strings.Join(fieldTypes, ", "))
		}
	}
	return nil
}
