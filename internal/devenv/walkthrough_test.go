package devenv_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// TestWalkthroughQuotesPaths checks that a directory with spaces and
// quotes still gives commands a shell reads back as the same paths.
func TestWalkthroughQuotesPaths(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := "/tmp/it's a dir"
	w := devenv.Walkthrough{
		BaseURL: "https://localhost:8443", Layout: devenv.Layout{Dir: dir}, Token: "a.b.c",
		TokenExpiry: time.Now(), Mode: "bearer_plus_mtls_optional", Username: "ada-x",
		IdempotencyKey: "k", TokenCommand: "crudsvc",
	}
	var b strings.Builder
	if _, err := w.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()

	start := strings.Index(out, "curl -sS --cacert ")
	end := strings.Index(out[start:], "\n")
	line := out[start : start+end]
	words, err := exec.Command("sh", "-c", `set -- `+strings.TrimSuffix(line, ` \`)+`; printf '%s\n' "$4"`).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(words)); got != dir+"/ca.crt" {
		t.Errorf("the shell reads the CA path as %q, want %q", got, dir+"/ca.crt")
	}
	for _, want := range []string{"TOKEN='a.b.c'", "<task_id>", "If-Match: <state_version>", "ada-x"} {
		if !strings.Contains(out, want) {
			t.Errorf("walkthrough lacks %q:\n%s", want, out)
		}
	}
}
