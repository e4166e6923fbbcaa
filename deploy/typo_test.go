package deploy

import (
	"bytes"
	"os"
	"testing"
)

// TestRealisticTyposFail: mistakes people make, including a wrong letter
// case, which encoding/json alone would accept.
func TestRealisticTyposFail(t *testing.T) {
	tests := []struct {
		name, file, from, to string
	}{
		{"fail/case_readOnlyRootFileSystem", "kubernetes/deployment.yaml",
			"readOnlyRootFilesystem:", "readOnlyRootFileSystem:"},
		{"fail/readinessprobe", "kubernetes/deployment.yaml", "readinessProbe:", "readynessProbe:"},
		{"fail/secretKeyRef", "kubernetes/deployment.yaml", "secretKeyRef:", "secretRef:"},
		{"fail/service_targetport", "kubernetes/service.yaml", "targetPort:", "targetport:"},
		{"fail/ingress_pathType", "kubernetes/ingress-nginx/ingress.yaml", "pathType:", "pathtype:"},
		{"fail/networkpolicy_podSelector", "kubernetes/traefik/networkpolicy.yaml",
			"          podSelector:", "          podSelecter:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(tt.from)) {
				t.Fatalf("%s no longer contains %q", tt.file, tt.from)
			}
			bad := bytes.Replace(data, []byte(tt.from), []byte(tt.to), 1)
			docs, err := splitDocuments(tt.file, bad)
			if err != nil {
				return // refused while reading: fine
			}
			for _, m := range docs {
				if _, err := checkBuiltin(m); err != nil {
					return
				}
			}
			t.Fatalf("%q accepted", tt.to)
		})
	}
}
