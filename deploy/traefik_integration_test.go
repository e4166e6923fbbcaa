//go:build integration

package deploy

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// composeSpecVersion is the compose-go release whose compose-spec.json
// schema checks compose.yaml.
const composeSpecVersion = "v2.16.2"

// traefikCheck builds testdata/traefikcheck (Traefik's own decoders, in a
// module of its own) in a temporary copy and returns the binary.
func traefikCheck(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "main.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "traefikcheck", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "traefikcheck")
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", bin, "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	return bin
}

func runCheck(bin, kind, path string) error {
	out, err := exec.Command(bin, kind, path).CombinedOutput()
	if err != nil {
		return &checkError{string(bytes.TrimSpace(out))}
	}
	return nil
}

type checkError struct{ msg string }

func (e *checkError) Error() string { return e.msg }

// TestTraefikFileAndLabels decodes deploy/traefik/dynamic.yml and the
// compose labels with Traefik's code, checks that the labels name only
// TLS options and middlewares the file defines, and that typos fail.
func TestTraefikFileAndLabels(t *testing.T) {
	bin := traefikCheck(t)
	if err := runCheck(bin, "file", "traefik/dynamic.yml"); err != nil {
		t.Fatalf("dynamic.yml: %v", err)
	}
	labels := composeLabels(t)
	labelFile := filepath.Join(t.TempDir(), "labels.json")
	if err := os.WriteFile(labelFile, marshal(t, labels), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runCheck(bin, "labels", labelFile); err != nil {
		t.Fatalf("compose labels: %v", err)
	}
	checkLabelReferences(t, labels)

	data, err := os.ReadFile("traefik/dynamic.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, typo := range [][2]string{
		{"pem: true", "pemm: true"},
		{"customRequestHeaders:", "removeRequestHeaders:"},
		{"clientAuthType:", "clientAuthTyp:"},
		{"caFiles:", "caFile:"},
	} {
		t.Run("fail/"+typo[1], func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "dynamic.yml")
			if err := os.WriteFile(bad, bytes.Replace(data, []byte(typo[0]), []byte(typo[1]), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			if runCheck(bin, "file", bad) == nil {
				t.Fatalf("%q accepted", typo[1])
			}
		})
	}
}

func composeLabels(t *testing.T) map[string]string {
	t.Helper()
	var compose struct {
		Services map[string]struct {
			Labels []string `json:"labels"`
		} `json:"services"`
	}
	data, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for _, l := range compose.Services["crudsvc"].Labels {
		k, v, _ := strings.Cut(l, "=")
		labels[k] = v
	}
	if labels["traefik.enable"] != "true" {
		t.Fatalf("crudsvc labels must set traefik.enable=true: %v", labels)
	}
	return labels
}

// checkLabelReferences: every @file name the router uses is defined in
// dynamic.yml, and the strip middleware runs before passTLSClientCert.
func checkLabelReferences(t *testing.T, labels map[string]string) {
	t.Helper()
	var dyn struct {
		TLS struct {
			Options map[string]any `json:"options"`
		} `json:"tls"`
		HTTP struct {
			Middlewares map[string]any `json:"middlewares"`
		} `json:"http"`
	}
	data, err := os.ReadFile("traefik/dynamic.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &dyn); err != nil {
		t.Fatal(err)
	}
	opt := strings.TrimSuffix(labels["traefik.http.routers.crud.tls.options"], "@file")
	if _, ok := dyn.TLS.Options[opt]; !ok {
		t.Errorf("router TLS option %q not in dynamic.yml", opt)
	}
	chain := strings.Split(labels["traefik.http.routers.crud.middlewares"], ",")
	for _, m := range chain {
		if _, ok := dyn.HTTP.Middlewares[strings.TrimSuffix(m, "@file")]; !ok {
			t.Errorf("router middleware %q not in dynamic.yml", m)
		}
	}
	if len(chain) < 2 || chain[0] != "strip-external-client-cert@file" || chain[1] != "mtls-passcert@file" {
		t.Errorf("middlewares must start with the strip, then passTLSClientCert: %v", chain)
	}
}

// TestComposeMatchesSpec validates compose.yaml against the Compose
// Specification schema shipped in compose-go.
func TestComposeMatchesSpec(t *testing.T) {
	dir := moduleDir(t, "github.com/compose-spec/compose-go/v2", composeSpecVersion)
	schemaData, err := os.ReadFile(filepath.Join(dir, "schema", "compose-spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaData))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("compose-spec.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("compose-spec.json")
	if err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(data []byte) error {
		js, err := yaml.YAMLToJSONStrict(data)
		if err != nil {
			return err
		}
		var doc map[string]any
		if err := json.Unmarshal(js, &doc); err != nil {
			return err
		}
		return schema.Validate(roundTrip(t, doc))
	}
	if err := validate(data); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	if validate(bytes.Replace(data, []byte("read_only:"), []byte("readonly:"), 1)) == nil {
		t.Fatal("misspelled read_only accepted")
	}
}
