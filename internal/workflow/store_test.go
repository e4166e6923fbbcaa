package workflow_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/workflow"
)

func TestOpenStore(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		url     string
		wantErr bool
	}{
		{"ok/sqlite_creates_parent_dir", "sqlite:" + filepath.Join(dir, "a", "b", "state.db"), false},
		{"ok/sqlite_triple_slash", "sqlite://" + filepath.Join(dir, "c.db"), false},
		{"ok/reopen_is_migrated_once", "sqlite:" + filepath.Join(dir, "a", "b", "state.db"), false},
		{"fail/unknown_scheme", "mysql://x", true},
		{"fail/empty_sqlite_path", "sqlite:", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := workflow.OpenStore(t.Context(), tt.url)
			if tt.wantErr {
				if err == nil {
					s.Close()
					t.Fatal("OpenStore succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("OpenStore: %v", err)
			}
			s.Close()
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "b", "state.db")); err != nil {
		t.Errorf("database file not created: %v", err)
	}
}
