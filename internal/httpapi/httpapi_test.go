package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/httpapi"
)

func TestCorrelationID(t *testing.T) {
	h := httpapi.Handler(httpapi.Options{})
	cases := []struct {
		name, header, value string
		echoed              bool
	}{
		{"ok/x-request-id", "X-Request-ID", "req-123", true},
		{"ok/x-correlation-id", "X-Correlation-ID", "corr.456", true},
		{"ok/generated", "", "", false},
		{"ok/unsafe-replaced", "X-Request-ID", "bad id\x7f<script>", false},
		{"ok/too-long-replaced", "X-Request-ID", strings.Repeat("a", 300), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/health", nil)
			if tc.header != "" {
				r.Header.Set(tc.header, tc.value)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			got := w.Header().Get("X-Request-ID")
			if tc.echoed && got != tc.value {
				t.Fatalf("X-Request-ID = %q, want %q", got, tc.value)
			}
			if !tc.echoed && (got == "" || got == tc.value) {
				t.Fatalf("X-Request-ID = %q, want a generated id", got)
			}
		})
	}
}

func TestPanicBecomes500(t *testing.T) {
	var logs bytes.Buffer
	h := httpapi.Handler(httpapi.Options{
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		Extra: map[string]http.Handler{"/boom": http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			panic("kaboom")
		})},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i := 0; i < 2; i++ { // the server survives the first panic
		req, _ := http.NewRequest("GET", srv.URL+"/boom", nil)
		req.Header.Set("X-Request-ID", "panic-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body httpapi.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 500 || body.CorrelationID != "panic-1" || strings.Contains(body.Message, "kaboom") {
			t.Fatalf("status %d body %+v", resp.StatusCode, body)
		}
	}
	if !strings.Contains(logs.String(), `"correlation_id":"panic-1"`) || !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("panic not logged with its correlation id:\n%s", logs.String())
	}
}

func TestHealth(t *testing.T) {
	fail := false
	h := httpapi.Handler(httpapi.Options{Checks: []httpapi.Check{
		{Name: "db", Run: func(context.Context) error {
			if fail {
				return context.DeadlineExceeded
			}
			return nil
		}},
	}})
	for _, tc := range []struct {
		fail   bool
		status int
		word   string
	}{{false, 200, "ok"}, {true, 503, "degraded"}} {
		fail = tc.fail
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/health", nil))
		var body struct {
			Status string
			Checks map[string]struct{ OK bool }
		}
		_ = json.Unmarshal(w.Body.Bytes(), &body)
		if w.Code != tc.status || body.Status != tc.word || body.Checks["db"].OK == tc.fail {
			t.Errorf("fail=%v: %d %s", tc.fail, w.Code, w.Body)
		}
	}
}

// TestOpenAndProtectedRoutes: /health and /metrics skip Protect; every other
// path, unknown ones included, goes through it.
func TestOpenAndProtectedRoutes(t *testing.T) {
	protect := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) })
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := httpapi.Handler(httpapi.Options{Protect: protect, Metrics: ok, Execute: ok, Workflow: ok})
	for path, want := range map[string]int{
		"/health": 200, "/metrics": 200, "/execute": 401, "//execute": 401, "/workflow/start": 401,
		"/nowhere": 401, "/health/../execute": 401,
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "http://x"+path, nil)
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("%s: %d, want %d", path, w.Code, want)
		}
	}
}

// TestGracefulShutdown: a request in flight when the context ends completes.
func TestGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	h := httpapi.Handler(httpapi.Options{Extra: map[string]http.Handler{
		"/slow": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(started)
			time.Sleep(300 * time.Millisecond)
			w.Write([]byte("done"))
		}),
	}})
	srv := httpapi.NewServer("127.0.0.1:0", h, nil, 1<<16, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	errc := make(chan error, 1)
	go func() { errc <- srv.Run(ctx, 5*time.Second, func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc

	var wg sync.WaitGroup
	var body string
	var status int
	wg.Add(1)
	go func() {
		defer wg.Done()
		resp, err := http.Get("http://" + addr.String() + "/slow")
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		body, status = b.String(), resp.StatusCode
	}()
	<-started
	cancel()
	wg.Wait()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if status != 200 || body != "done" {
		t.Fatalf("in-flight request: %d %q", status, body)
	}
}

// TestUnknownMethodRefused: a non-standard method never reaches a metric
// label, a log line or authentication.
func TestUnknownMethodRefused(t *testing.T) {
	var logs bytes.Buffer
	rec := &methodRecorder{}
	h := httpapi.Handler(httpapi.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Recorder: rec})
	r := httptest.NewRequest("GET", "/health", nil)
	r.Method = "M" + strings.Repeat("X", 5000)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNotImplemented || rec.calls != 0 || logs.Len() != 0 {
		t.Fatalf("status %d, recorder calls %d, log %d bytes", w.Code, rec.calls, logs.Len())
	}
}

type methodRecorder struct{ calls int }

func (m *methodRecorder) Request(string, string, int, time.Duration) { m.calls++ }
