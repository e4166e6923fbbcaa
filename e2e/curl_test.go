//go:build integration

package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pingBody is the protected request of every row.
const pingBody = `{"action":"ping","system":"demo","object_type":"user"}`

// call is one curl request.
type call struct {
	url       string   // full URL
	caCert    string   // for https
	cert, key string   // client certificate; empty: none
	headers   []string // "Name: value", sent through a file, never argv
}

// answer is what came back.
type answer struct {
	status    int
	reason    string // reason of the JSON error body
	challenge string // WWW-Authenticate
}

// curl sends POST /execute with the ping body and returns the answer.
func curl(t *testing.T, c call) answer {
	t.Helper()
	dir := t.TempDir()
	headerFile := filepath.Join(dir, "headers")
	lines := append([]string{"Content-Type: application/json"}, c.headers...)
	if err := os.WriteFile(headerFile, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	body, dump := filepath.Join(dir, "body"), filepath.Join(dir, "response-headers")
	args := []string{"-sS", "--max-time", "10", "-o", body, "-D", dump, "-w", "%{http_code}",
		"-H", "@" + headerFile, "--data-binary", pingBody}
	if c.caCert != "" {
		args = append(args, "--cacert", c.caCert)
	}
	if c.cert != "" {
		args = append(args, "--cert", c.cert, "--key", c.key)
	}
	out, err := exec.Command("curl", append(args, c.url)...).CombinedOutput()
	if err != nil {
		t.Fatalf("curl %s: %v\n%s", c.url, err, out)
	}
	status, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("curl %s: status %q", c.url, out)
	}

	a := answer{status: status}
	var e struct {
		Reason string `json:"reason"`
	}
	if data, err := os.ReadFile(body); err == nil && json.Unmarshal(data, &e) == nil {
		a.reason = e.Reason
	}
	if raw, err := os.ReadFile(dump); err == nil {
		a.challenge = responseHeader(string(raw), "WWW-Authenticate")
	}
	return a
}

func responseHeader(raw, name string) string {
	for _, line := range strings.Split(raw, "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && http.CanonicalHeaderKey(strings.TrimSpace(k)) == http.CanonicalHeaderKey(name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
