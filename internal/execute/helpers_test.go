package execute_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/execute"
)

// writeConfig lays out a config directory from file name to content.
func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// envMap is a LookupEnv over a fixed map.
func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// load loads dir and closes the executor when the test ends.
func load(t *testing.T, dir string, opts execute.Options) *execute.Executor {
	t.Helper()
	x, err := execute.Load(dir, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
}

// reply is a decoded /execute answer of either kind.
type reply struct {
	Status   int
	Response struct {
		Success bool           `json:"success"`
		Data    any            `json:"data"`
		Meta    map[string]any `json:"meta"`
	} `json:"response"`
	Error         string               `json:"error"`
	Message       string               `json:"message"`
	Fields        []execute.FieldError `json:"fields"`
	Upstream      map[string]any       `json:"upstream"`
	CorrelationID string               `json:"correlation_id"`
}

// post sends body to the handler under test.
func post(t *testing.T, srv *httptest.Server, body any) reply {
	t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	resp, err := http.Post(srv.URL+"/execute", "application/json", bytes.NewBufferString(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decoding reply: %v", err)
	}
	r.Status = resp.StatusCode
	return r
}

type cidKey struct{}

// serve runs the handler with a fixed correlation id in every context.
func serve(t *testing.T, x *execute.Executor) *httptest.Server {
	t.Helper()
	h := execute.Handler(x)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cidKey{}, "cid-1")))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func correlationID(ctx context.Context) string {
	s, _ := ctx.Value(cidKey{}).(string)
	return s
}
