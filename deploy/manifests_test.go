package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// manifest is one YAML document of a file under kubernetes/.
type manifest struct {
	file       string
	index      int
	apiVersion string
	kind       string
	name       string
	json       []byte
}

func (m manifest) String() string { return fmt.Sprintf("%s#%d %s/%s", m.file, m.index, m.kind, m.name) }

// builtins are the Kubernetes kinds the manifests use, decoded into the
// API server's own Go types.
var builtins = map[string]func() any{
	"v1/Namespace":                       func() any { return &corev1.Namespace{} },
	"v1/ConfigMap":                       func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                          func() any { return &corev1.Secret{} },
	"v1/Service":                         func() any { return &corev1.Service{} },
	"apps/v1/Deployment":                 func() any { return &appsv1.Deployment{} },
	"networking.k8s.io/v1/Ingress":       func() any { return &networkingv1.Ingress{} },
	"networking.k8s.io/v1/NetworkPolicy": func() any { return &networkingv1.NetworkPolicy{} },
}

// loadManifests reads every document of every .yaml file under
// kubernetes/, converting each to JSON (duplicate keys are an error).
func loadManifests(t *testing.T) []manifest {
	t.Helper()
	var out []manifest
	err := filepath.WalkDir("kubernetes", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		docs, err := splitDocuments(path, data)
		out = append(out, docs...)
		return err
	})
	if err != nil {
		t.Fatalf("reading manifests: %v", err)
	}
	if len(out) == 0 {
		t.Fatal("no manifests found under kubernetes/")
	}
	return out
}

func splitDocuments(path string, data []byte) ([]manifest, error) {
	var out []manifest
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		js, err := yaml.YAMLToJSONStrict(doc)
		if err != nil {
			return nil, fmt.Errorf("%s#%d: %w", path, i, err)
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := sigsjson.UnmarshalCaseSensitivePreserveInts(js, &head); err != nil {
			return nil, fmt.Errorf("%s#%d: %w", path, i, err)
		}
		out = append(out, manifest{file: path, index: i, apiVersion: head.APIVersion,
			kind: head.Kind, name: head.Metadata.Name, json: js})
	}
	return out, nil
}

// strictDecode decodes like the API server with field validation Strict:
// case-sensitive field names, unknown and duplicate fields are errors.
func strictDecode(js []byte, into any) error {
	strict, err := sigsjson.UnmarshalStrict(js, into)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		return fmt.Errorf("strict decoding: %v", strict)
	}
	return nil
}

// checkBuiltin strict-decodes m when it is a built-in kind; ok reports
// whether it was one.
func checkBuiltin(m manifest) (ok bool, err error) {
	newObj, found := builtins[m.apiVersion+"/"+m.kind]
	if !found {
		return false, nil
	}
	return true, strictDecode(m.json, newObj())
}

func TestManifestsDecodeStrictly(t *testing.T) {
	for _, m := range loadManifests(t) {
		t.Run(m.String(), func(t *testing.T) {
			if strings.HasPrefix(m.apiVersion, "traefik.io/") {
				t.Skip("Traefik CRD: checked against its schema by the integration tests")
			}
			builtin, err := checkBuiltin(m)
			if !builtin {
				t.Fatalf("unexpected kind %s %s: add it to builtins", m.apiVersion, m.kind)
			}
			if err != nil {
				t.Fatalf("%v", err)
			}
		})
	}
}

// TestMisspelledFieldFails renames one field of a copy of every built-in
// manifest (the first field under spec, else under metadata) and expects
// the strict decoding to refuse it.
func TestMisspelledFieldFails(t *testing.T) {
	for _, m := range loadManifests(t) {
		if _, found := builtins[m.apiVersion+"/"+m.kind]; !found {
			continue
		}
		t.Run(m.String(), func(t *testing.T) {
			bad, field := misspell(t, m.json)
			if _, err := checkBuiltin(manifest{apiVersion: m.apiVersion, kind: m.kind, json: bad}); err == nil {
				t.Fatalf("misspelled %s was accepted", field)
			}
		})
	}
}

// misspell returns a copy of js with the first key (sorted) under spec,
// or under metadata when there is no spec, renamed.
func misspell(t *testing.T, js []byte) ([]byte, string) {
	t.Helper()
	var doc map[string]any
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(js, &doc); err != nil {
		t.Fatal(err)
	}
	parent := "spec"
	target, ok := doc["spec"].(map[string]any)
	if !ok {
		parent, target = "metadata", doc["metadata"].(map[string]any)
	}
	keys := make([]string, 0, len(target))
	for k := range target {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	key := keys[0]
	typo := key[:len(key)-1] + strings.ToUpper(key[len(key)-1:]) + "x"
	target[typo] = target[key]
	delete(target, key)
	return marshal(t, doc), parent + "." + key + " as " + typo
}
