//go:build integration

package deploy

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestStaticBuild builds the binary with scripts/build-static.sh, the
// script the Dockerfile runs, and checks that it is a static ELF: no
// program interpreter, no shared libraries, so distroless/static can run it.
func TestStaticBuild(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "crudsvc")
	cmd := exec.Command("sh", "../scripts/build-static.sh", bin)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build-static.sh: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatal("binary has a PT_INTERP: dynamically linked")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Fatalf("binary needs shared libraries %v (%v)", libs, err)
	}
	if f.Section(".symtab") != nil {
		t.Error("binary keeps its symbol table: -ldflags -s missing")
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("crudsvc version: %v\n%s", err, out)
	}
}
