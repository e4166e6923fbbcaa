package connector

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// sqlitePragmas are added to every SQLite DSN that does not set them:
// WAL lets readers run beside the writer, busy_timeout makes a writer wait
// for the lock instead of failing at once.
var sqlitePragmas = []struct{ name, value string }{
	{"busy_timeout", "busy_timeout(5000)"},
	{"journal_mode", "journal_mode(WAL)"},
	{"foreign_keys", "foreign_keys(1)"},
}

// sqliteDSN adds the default pragmas to dsn and creates the directory of
// the database file when it is missing.
func sqliteDSN(dsn string) (string, error) {
	if dsn == "" {
		return "", fmt.Errorf("connector: sqlite dsn is empty")
	}

	path, query, _ := strings.Cut(dsn, "?")
	if !isMemoryDSN(dsn) {
		dir := filepath.Dir(strings.TrimPrefix(path, "file:"))
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", fmt.Errorf("connector: creating sqlite directory: %w", err)
		}
	}

	values, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("connector: parsing sqlite dsn options: %w", err)
	}
	have := strings.Join(values["_pragma"], ",")
	for _, p := range sqlitePragmas {
		if isMemoryDSN(dsn) && p.name == "journal_mode" {
			continue
		}
		if !strings.Contains(have, p.name) {
			values.Add("_pragma", p.value)
		}
	}
	return path + "?" + values.Encode(), nil
}

func isMemoryDSN(dsn string) bool {
	return strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory")
}
