//go:build integration

package workflow_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/workflow"
)

// TestConcurrentResumePostgres runs the concurrent-resume check against a
// real PostgreSQL named by CRUD_TEST_POSTGRES_URL (scripts/pgtest.sh starts
// one on a loopback port).
func TestConcurrentResumePostgres(t *testing.T) {
	h := postgresHarness(t)

	checkConcurrentResume(t, h)
	checkConcurrentResume(t, h)
}

// TestResumeAfterRestartPostgres checks that a waiting run survives the
// store being closed and reopened.
func TestResumeAfterRestartPostgres(t *testing.T) {
	h := postgresHarness(t)
	v := startApproval(t, h)
	h.store.Close()
	h.open(t)

	if done := resume(t, h, v, "approve", "k-"+v.ExecutionID); done.Status != "completed" {
		t.Fatalf("status = %s", done.Status)
	}
}

// postgresHarness opens the approval workflow on the PostgreSQL named by
// CRUD_TEST_POSTGRES_URL; with the integration tag its absence is a failure.
func postgresHarness(t *testing.T) *harness {
	t.Helper()
	url := os.Getenv("CRUD_TEST_POSTGRES_URL")
	if url == "" {
		t.Fatal("CRUD_TEST_POSTGRES_URL is not set; the integration tag needs PostgreSQL")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(approvalYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	reg, err := workflow.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{reg: reg, runner: &fakeRunner{}, dbURL: url}
	h.open(t)
	return h
}
