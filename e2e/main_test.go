//go:build integration

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the crudsvc built once for every test of the package.
var binary string

// repoRoot is the module root, for config/ and the shipped nginx block.
var repoRoot string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	for _, tool := range []string{"nginx", "openssl", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %s not found in PATH: install it with "+
				"`apt-get install -y nginx-light openssl curl` (scripts/test.sh does)\n", tool)
			return 1
		}
	}

	root, err := filepath.Abs("..")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	repoRoot = root

	dir, err := os.MkdirTemp("", "crudsvc-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "crudsvc")
	build := exec.Command("go", "build", "-o", binary, "./cmd/crudsvc")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building crudsvc: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}
