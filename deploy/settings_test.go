package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/crudservice/crudsvc/internal/config"
	"github.com/crudservice/crudsvc/internal/identity"
)

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// find returns the decoded manifest of kind and name in file.
func find[T any](t *testing.T, file, kind, name string) *T {
	t.Helper()
	for _, m := range loadManifests(t) {
		if filepath.ToSlash(m.file) == file && m.kind == kind && m.name == name {
			obj := new(T)
			if err := strictDecode(m.json, obj); err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			return obj
		}
	}
	t.Fatalf("%s %s not found in %s", kind, name, file)
	return nil
}

// TestShippedSettingsLoad loads the ConfigMap's crud.yaml with each edge's
// environment through the service's own settings loader and the policy
// files through the identity store, so a bad value fails here, not at
// start-up in a cluster.
func TestShippedSettingsLoad(t *testing.T) {
	cm := find[corev1.ConfigMap](t, "kubernetes/configmap.yaml", "ConfigMap", "crudsvc-config")
	dir := t.TempDir()
	for name, text := range cm.Data {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := identity.NewStore(identity.StoreOptions{
		MappingsPath:  filepath.Join(dir, "cert_identity_mappings.yaml"),
		BlocklistPath: filepath.Join(dir, "cert_thumbprint_blocklist.txt"),
	}); err != nil {
		t.Fatalf("policy files: %v", err)
	}

	for _, edge := range []string{"traefik", "ingress-nginx"} {
		t.Run("ok/"+edge, func(t *testing.T) {
			env := find[corev1.ConfigMap](t, "kubernetes/"+edge+"/edge-configmap.yaml", "ConfigMap", "crudsvc-edge").Data
			lookup := func(name string) (string, bool) {
				switch name {
				case "SERVICE_CONFIG_DIR":
					return dir, true
				case "CERT_IDENTITY_MAPPINGS", "CERT_THUMBPRINT_BLOCKLIST":
					// The files exist here instead of /app/policy.
					return policyPath(t, dir, name), true
				}
				v, ok := env[name]
				return v, ok
			}
			l, err := config.Load(lookup)
			if err != nil {
				t.Fatalf("settings: %v", err)
			}
			if l.Settings.ForwardedCertHeader != env["FORWARDED_CLIENT_CERT_HEADER"] || len(l.Settings.TrustedProxies) == 0 {
				t.Fatalf("edge settings not in force: %+v", l.Settings)
			}
		})
	}
}

// TestDeploymentHardening pins what the deployment promises: probes on
// /health, resources, a non-root read-only container, the Service port.
func TestDeploymentHardening(t *testing.T) {
	d := find[appsv1.Deployment](t, "kubernetes/deployment.yaml", "Deployment", "crudsvc")
	pod := d.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != "/health" {
			t.Errorf("%s probe must GET /health: %+v", name, p)
		}
	}
	if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Error("memory request and limit are required")
	}
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" {
		t.Errorf("container securityContext not hardened: %+v", sc)
	}
	psc := pod.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
		t.Errorf("pod must run as a non-root user: %+v", psc)
	}
	for _, e := range c.Env {
		if strings.Contains(e.Name, "SECRET") && (e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil) {
			t.Errorf("%s must come from a Secret", e.Name)
		}
	}

	svc := find[corev1.Service](t, "kubernetes/service.yaml", "Service", "crudsvc")
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 8000 {
		t.Errorf("service must expose port 8000: %+v", svc.Spec.Ports)
	}
}

// policyPath maps the shipped crud.yaml's policy path for name, which must
// lie in the deployment's /app/policy mount, to its copy in dir.
func policyPath(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	shipped, _ := file[strings.ToLower(name)].(string)
	if filepath.Dir(shipped) != "/app/policy" {
		t.Fatalf("%s=%q: must be in the /app/policy mount", name, shipped)
	}
	return filepath.Join(dir, filepath.Base(shipped))
}
