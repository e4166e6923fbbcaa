//go:build integration

package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// traefikVersion is the Traefik release the manifests and docs target.
const traefikVersion = "v3.6.12"

// crdFile is where the Traefik module ships its CustomResourceDefinitions.
const crdFile = "docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml"

// moduleDir downloads module@version through the Go module proxy into the
// module cache and returns its directory. Nothing is copied into the repo.
func moduleDir(t *testing.T, module, version string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s@%s: %v\n%s", module, version, err, out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download %s@%s: %s %v", module, version, info.Error, err)
	}
	return info.Dir
}

// crdSchemas compiles the openAPIV3Schema of every Traefik CRD version,
// keyed by apiVersion/kind. Object schemas get additionalProperties false
// (unless they preserve unknown fields), which is what the API server's
// strict field validation does with an unknown field.
func crdSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleDir(t, "github.com/traefik/traefik/v3", traefikVersion), crdFile))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		var crd struct {
			Kind string
			Spec struct {
				Group    string
				Names    struct{ Kind string }
				Versions []struct {
					Name   string
					Schema struct {
						OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
					}
				}
			}
		}
		if err := yaml.Unmarshal(doc, &crd); err != nil || crd.Kind != "CustomResourceDefinition" {
			continue
		}
		for _, v := range crd.Spec.Versions {
			key := crd.Spec.Group + "/" + v.Name + "/" + crd.Spec.Names.Kind
			closeObjects(v.Schema.OpenAPIV3Schema)
			c := jsonschema.NewCompiler()
			url := fmt.Sprintf("crd-%d-%s.json", i, key)
			if err := c.AddResource(url, roundTrip(t, v.Schema.OpenAPIV3Schema)); err != nil {
				t.Fatal(err)
			}
			s, err := c.Compile(url)
			if err != nil {
				t.Fatalf("compiling %s: %v", key, err)
			}
			out[key] = s
		}
	}
	if len(out) == 0 {
		t.Fatalf("no CRDs found in %s", crdFile)
	}
	return out
}

func closeObjects(schema any) {
	switch s := schema.(type) {
	case map[string]any:
		_, hasAdditional := s["additionalProperties"]
		preserve, _ := s["x-kubernetes-preserve-unknown-fields"].(bool)
		if _, hasProps := s["properties"]; hasProps && !hasAdditional && !preserve {
			s["additionalProperties"] = false
		}
		for _, v := range s {
			closeObjects(v)
		}
	case []any:
		for _, v := range s {
			closeObjects(v)
		}
	}
}

// roundTrip turns a decoded document into the value types jsonschema wants.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(marshal(t, v)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCRD validates a Traefik resource: metadata strictly as ObjectMeta,
// the rest against the CRD's schema.
func checkCRD(t *testing.T, schemas map[string]*jsonschema.Schema, m manifest) error {
	t.Helper()
	s, ok := schemas[m.apiVersion+"/"+m.kind]
	if !ok {
		return fmt.Errorf("no CRD for %s %s in Traefik %s", m.apiVersion, m.kind, traefikVersion)
	}
	var doc map[string]any
	if err := json.Unmarshal(m.json, &doc); err != nil {
		return err
	}
	if err := strictDecode(marshal(t, doc["metadata"]), &metav1.ObjectMeta{}); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	return s.Validate(roundTrip(t, doc))
}

func TestTraefikResourcesMatchCRDSchemas(t *testing.T) {
	schemas := crdSchemas(t)
	seen := 0
	for _, m := range loadManifests(t) {
		if !strings.HasPrefix(m.apiVersion, "traefik.") {
			continue
		}
		seen++
		t.Run(m.String(), func(t *testing.T) {
			if m.apiVersion != "traefik.io/v1alpha1" {
				t.Fatalf("%s: use the current traefik.io/v1alpha1 group", m.apiVersion)
			}
			if err := checkCRD(t, schemas, m); err != nil {
				t.Fatalf("%v", err)
			}
			bad, field := misspell(t, m.json)
			m.json = bad
			if err := checkCRD(t, schemas, m); err == nil {
				t.Fatalf("misspelled %s was accepted", field)
			}
		})
	}
	if seen < 4 {
		t.Fatalf("want TLSOption, two Middlewares and an IngressRoute, found %d resources", seen)
	}
}

// TestTraefikDeepTyposFail: typos below the top of spec, where people make
// them.
func TestTraefikDeepTyposFail(t *testing.T) {
	schemas := crdSchemas(t)
	tests := []struct{ name, file, from, to string }{
		{"fail/clientAuthType_case", "kubernetes/traefik/tlsoption.yaml", "clientAuthType:", "clientAuthtype:"},
		{"fail/clientAuthType_value", "kubernetes/traefik/tlsoption.yaml",
			"RequireAndVerifyClientCert", "RequireAndVerifyClientCerts"},
		{"fail/pem", "kubernetes/traefik/middlewares.yaml", "    pem: true", "    pemm: true"},
		{"fail/removeRequestHeaders", "kubernetes/traefik/middlewares.yaml",
			"customRequestHeaders:", "removeRequestHeaders:"},
		{"fail/route_middlewares", "kubernetes/traefik/ingressroute.yaml", "middlewares:", "middleware:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil || !bytes.Contains(data, []byte(tt.from)) {
				t.Fatalf("%s no longer contains %q (%v)", tt.file, tt.from, err)
			}
			docs, err := splitDocuments(tt.file, bytes.Replace(data, []byte(tt.from), []byte(tt.to), 1))
			if err != nil {
				return
			}
			for _, m := range docs {
				if checkCRD(t, schemas, m) != nil {
					return
				}
			}
			t.Fatalf("%q accepted", tt.to)
		})
	}
}
