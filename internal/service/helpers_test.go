package service_test

import (
	"maps"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/config"
)

// settingsFor loads the settings of one test instance: the shipped config/
// directory, the state and demo databases in dir, then env on top.
func settingsFor(t testing.TB, dir string, env map[string]string) *config.Settings {
	t.Helper()
	t.Setenv("DEMO_DB_PATH", filepath.Join(dir, "demo.db"))
	full := map[string]string{
		"SERVICE_CONFIG_DIR": "../../config",
		"STATE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "state.db"),
	}
	maps.Copy(full, env)
	l, err := config.Load(func(k string) (string, bool) { v, ok := full[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	return l.Settings
}
