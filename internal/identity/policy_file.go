package identity

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// policyFile is the YAML schema of CERT_IDENTITY_MAPPINGS. Unknown keys are
// errors. Pointers tell an absent key from an explicitly empty one.
type policyFile struct {
	ThumbprintMap map[string]string `yaml:"thumbprint_map"`
	Constraints   constraintsFile   `yaml:"constraints"`
	Rules         []ruleFile        `yaml:"rules"`
}

type constraintsFile struct {
	AllowedIssuers      *[]string `yaml:"allowed_issuers"`
	AllowedEmailDomains *[]string `yaml:"allowed_email_domains"`
	AllowedPolicyOIDs   *[]string `yaml:"allowed_policy_oids"`
}

type ruleFile struct {
	Name  string    `yaml:"name"`
	Type  string    `yaml:"type"`
	Match matchFile `yaml:"match"`
	ARN   string    `yaml:"arn"`
}

type matchFile struct {
	TrustDomain *string `yaml:"trust_domain"`
	Scheme      *string `yaml:"scheme"`
	Host        *string `yaml:"host"`
	Path        *string `yaml:"path"`
	PathPrefix  *string `yaml:"path_prefix"`
	Domain      *string `yaml:"domain"`
}

// LoadPolicy reads and compiles the mapping policy file at path. Errors
// name the file and, where known, the line.
func LoadPolicy(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading identity mappings: %w", err)
	}
	return ParsePolicy(path, data)
}

// ParsePolicy compiles a mapping policy from data; name is used in errors.
// An empty document is the empty policy: every certificate gets the
// default mapping.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	var f policyFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(&f)
	if errors.Is(err, io.EOF) {
		return &Policy{}, nil
	}
	if err != nil {
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:%d: only one YAML document is allowed", name, extra.Line)
	}

	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	c := compiler{name: name, root: &root}
	return c.compile(&f)
}

var (
	yamlLineRE  = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlTypeRE  = regexp.MustCompile(`(?: in type| into) [\w.*\[\]]+`)
	yamlErrorRE = regexp.MustCompile(`^yaml: `)
)

// yamlError rewrites the library's "line N: msg" errors as "file:N: msg".
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		errs := make([]error, 0, len(te.Errors))
		for _, e := range te.Errors {
			errs = append(errs, yamlLine(name, e))
		}
		return errors.Join(errs...)
	}
	return yamlLine(name, err.Error())
}

func yamlLine(name, msg string) error {
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s:%d: %s", name, n, yamlTypeRE.ReplaceAllString(m[2], ""))
	}
	return fmt.Errorf("%s: %s", name, yamlErrorRE.ReplaceAllString(msg, ""))
}

// lineOf finds the line of the node reached by following keys (strings)
// and sequence indexes (ints) from the document root. It returns the line
// of the deepest node found, so an error points as close as it can.
func lineOf(root *yaml.Node, steps ...any) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, s := range steps {
		next := child(n, s)
		if next == nil {
			break
		}
		n, line = next, next.Line
	}
	return line
}

func child(n *yaml.Node, step any) *yaml.Node {
	switch s := step.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}
