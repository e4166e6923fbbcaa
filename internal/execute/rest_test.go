package execute_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/execute"
)

// upstream is a fake REST API that records what it was sent.
type upstream struct {
	*httptest.Server
	mu         sync.Mutex
	auth       []string
	tokenHits  atomic.Int32
	flakyHits  atomic.Int32
	limitHits  atomic.Int32
	failHits   atomic.Int32
	tokenFails atomic.Bool
	revoked    atomic.Value // a token the API refuses
}

func newUpstream(t *testing.T) *upstream {
	t.Helper()
	u := &upstream{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", u.token)
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		u.record(r)
		if rev, _ := u.revoked.Load().(string); r.Header.Get("Authorization") == "Bearer "+rev {
			writeUpstream(w, 401, `{"error":"invalid_token"}`)
			return
		}
		if r.PathValue("id") == "missing" {
			writeUpstream(w, 404, `{"detail":"no such user"}`)
			return
		}
		writeUpstream(w, 200, `{"id":"`+r.PathValue("id")+`","q":"`+r.URL.Query().Get("expand")+`"}`)
	})
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		u.record(r)
		var body any
		_ = json.NewDecoder(r.Body).Decode(&body)
		b, _ := json.Marshal(map[string]any{"got": body, "x_team": r.Header.Get("X-Team")})
		writeUpstream(w, 201, string(b))
	})
	mux.HandleFunc("GET /limited", func(w http.ResponseWriter, r *http.Request) {
		if u.limitHits.Add(1) == 1 {
			w.Header().Set("Retry-After", "30")
			writeUpstream(w, 429, "slow down")
			return
		}
		writeUpstream(w, 200, `{"ok":true}`)
	})
	mux.HandleFunc("GET /flaky", func(w http.ResponseWriter, r *http.Request) {
		if u.flakyHits.Add(1) == 1 {
			writeUpstream(w, 503, "")
			return
		}
		writeUpstream(w, 200, `{"ok":true}`)
	})
	mux.HandleFunc("GET /down", func(w http.ResponseWriter, r *http.Request) {
		u.failHits.Add(1)
		writeUpstream(w, 503, strings.Repeat("x", 5000))
	})
	mux.HandleFunc("GET /hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	u.Server = httptest.NewServer(mux)
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) record(r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.auth = append(u.auth, r.Header.Get("Authorization"))
}

func (u *upstream) token(w http.ResponseWriter, r *http.Request) {
	n := u.tokenHits.Add(1)
	_ = r.ParseForm()
	id, secret, _ := r.BasicAuth()
	if u.tokenFails.Load() || id != "client-1" || secret != "cl-secret" {
		// A careless token endpoint echoes what it was sent.
		writeUpstream(w, 401, `{"error":"invalid_client","error_description":"bad `+secret+`"}`)
		return
	}
	writeUpstream(w, 200, fmt.Sprintf(
		`{"access_token":"tok-%d","token_type":"bearer","expires_in":3600}`, n))
}

func writeUpstream(w http.ResponseWriter, status int, body string) {
	if strings.HasPrefix(body, "{") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// restSystem is a REST system over the fake upstream; auth is YAML.
func restSystem(auth, timeout string) string {
	return `
name: api
connector: rest
connection:
  base_url: "{{ env('CRUD_SYSTEM_URL') }}"
  timeout: ` + timeout + `
  retries: 2
  retry_max_wait: 20ms
  ping: {method: GET, endpoint: /users/ping}
  auth: ` + auth + `
object_types:
  user:
    commands:
      get:
        method: GET
        endpoint: "/users/{{ params.id }}"
        query: {expand: "{{ params.expand }}"}
        required_params: [id]
      create:
        method: POST
        endpoint: /users
        headers: {X-Team: "{{ params.team | default('core') }}"}
        body:
          name: "{{ params.name }}"
          age: "{{ params.age }}"
          tags: "{{ params.tags }}"
          label: "user {{ params.name }}"
      limited: {method: GET, endpoint: /limited}
      flaky: {method: GET, endpoint: /flaky}
      down: {method: GET, endpoint: /down}
      hang: {method: GET, endpoint: /hang}
`
}

// restExecutor loads the REST system with a generous timeout: the machine
// running the tests may be loaded. TestRESTTimeout uses a short one.
func restExecutor(t *testing.T, u *upstream, auth string) *execute.Executor {
	t.Helper()
	return restExecutorTimeout(t, u, auth, "10s")
}

func restExecutorTimeout(t *testing.T, u *upstream, auth, timeout string) *execute.Executor {
	t.Helper()
	dir := writeConfig(t, map[string]string{"systems/api.yaml": restSystem(auth, timeout)})
	return load(t, dir, execute.Options{
		LookupEnv: envMap(map[string]string{"CRUD_SYSTEM_URL": u.URL}),
	})
}

func run(t *testing.T, x *execute.Executor, action string, params map[string]any) (
	*execute.Result, *execute.Error) {
	t.Helper()
	res, err := x.Execute(t.Context(), execute.Request{
		System: "api", ObjectType: "user", Action: action, Params: params,
	})
	if err == nil {
		return res, nil
	}
	e, ok := err.(*execute.Error)
	if !ok {
		t.Fatalf("%s: untyped error %v", action, err)
	}
	return nil, e
}

func TestRESTAnswers(t *testing.T) {
	u := newUpstream(t)
	x := restExecutor(t, u, "{type: none}")

	res, e := run(t, x, "get", map[string]any{"id": "42", "expand": "groups"})
	if e != nil || res.Data.(map[string]any)["id"] != "42" ||
		res.Data.(map[string]any)["q"] != "groups" {
		t.Fatalf("ok/200: %v %v", res, e)
	}

	res, e = run(t, x, "create", map[string]any{"name": "ann", "age": 30, "tags": []any{"a"}})
	want := `{"got":{"age":30,"label":"user ann","name":"ann","tags":["a"]},"x_team":"core"}`
	if got, _ := json.Marshal(res.Data); e != nil || string(got) != want {
		t.Fatalf("ok/typed_body: got %s %v", got, e)
	}

	res, e = run(t, x, "get", map[string]any{"id": "../admin?x=1"})
	if e != nil || res.Data.(map[string]any)["id"] != "../admin?x=1" {
		t.Fatalf("ok/param_stays_one_segment: %v %v", res, e)
	}

	_, e = run(t, x, "get", map[string]any{"id": "missing"})
	up, _ := e.Upstream.(map[string]any)
	if e == nil || e.Status != 502 || e.Code != "HTTP Error 404" || up["status"] != 404 ||
		up["body"].(map[string]any)["detail"] != "no such user" {
		t.Fatalf("fail/404: %+v", e)
	}
}

func TestRESTRetries(t *testing.T) {
	u := newUpstream(t)
	x := restExecutor(t, u, "{type: none}")

	start := time.Now()
	if _, e := run(t, x, "limited", nil); e != nil || u.limitHits.Load() != 2 {
		t.Fatalf("ok/429_then_200: %v hits=%d", e, u.limitHits.Load())
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("Retry-After was not capped by retry_max_wait")
	}

	if _, e := run(t, x, "flaky", nil); e != nil || u.flakyHits.Load() != 2 {
		t.Fatalf("ok/503_then_200: %v hits=%d", e, u.flakyHits.Load())
	}

	_, e := run(t, x, "down", nil)
	body, _ := e.Upstream.(map[string]any)["body"].(string)
	if e == nil || e.Code != "HTTP Error 503" || u.failHits.Load() != 3 || len(body) > 2048 {
		t.Fatalf("fail/attempts_bounded: %+v hits=%d", e, u.failHits.Load())
	}
}

func TestRESTTimeout(t *testing.T) {
	u := newUpstream(t)
	x := restExecutorTimeout(t, u, "{type: none}", "300ms")

	_, e := run(t, x, "hang", nil)
	if e == nil || e.Status != 504 || e.Code != "upstream_timeout" {
		t.Fatalf("fail/timeout: %+v", e)
	}
}

func TestRESTAuth(t *testing.T) {
	tests := []struct {
		name, auth, want string
	}{
		{"ok/basic", "{type: basic, username: svc, password: pw}", "Basic c3ZjOnB3"},
		{"ok/bearer", "{type: bearer, token: s3cr3t}", "Bearer s3cr3t"},
		{"ok/client_credentials", `{type: oauth2_client_credentials,
			token_url: "{{ env('CRUD_SYSTEM_URL') }}/token", client_id: client-1,
			client_secret: cl-secret, scopes: [users.read]}`, "Bearer tok-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t)
			x := restExecutor(t, u, tc.auth)
			for range 3 {
				if _, e := run(t, x, "get", map[string]any{"id": "1"}); e != nil {
					t.Fatal(e)
				}
			}
			for _, got := range u.auth {
				if got != tc.want {
					t.Fatalf("Authorization %q, want %q", got, tc.want)
				}
			}
			if strings.HasPrefix(tc.name, "ok/client") && u.tokenHits.Load() != 1 {
				t.Fatalf("token endpoint hit %d times, want 1", u.tokenHits.Load())
			}
		})
	}
}

func TestRESTCredentialsStayOut(t *testing.T) {
	u := newUpstream(t)
	u.tokenFails.Store(true)
	x := restExecutor(t, u, `{type: oauth2_client_credentials,
		token_url: "{{ env('CRUD_SYSTEM_URL') }}/token", client_id: client-1,
		client_secret: cl-secret}`)

	_, e := run(t, x, "get", map[string]any{"id": "1"})
	if e == nil || e.Status != 502 {
		t.Fatalf("got %+v", e)
	}
	text, _ := json.Marshal(e)
	if strings.Contains(e.Error(), "cl-secret") || strings.Contains(string(text), "cl-secret") {
		t.Fatalf("secret leaked: %s / %s", e.Error(), text)
	}
	if !strings.Contains(e.Message, "oauth2 token request refused: HTTP 401 invalid_client") {
		t.Fatalf("message %q", e.Message)
	}
}

func TestRESTPing(t *testing.T) {
	u := newUpstream(t)
	x := restExecutor(t, u, "{type: bearer, token: s3cr3t}")

	res, e := run(t, x, "ping", nil)
	if e != nil || res.Data.(map[string]any)["success"] != true {
		t.Fatalf("ping: %v %v", res, e)
	}
	if len(u.auth) != 1 || u.auth[0] != "Bearer s3cr3t" {
		t.Fatalf("ping did not reach /users/ping with auth: %v", u.auth)
	}
}

func TestRESTRevokedTokenRenewed(t *testing.T) {
	u := newUpstream(t)
	x := restExecutor(t, u, `{type: oauth2_client_credentials,
		token_url: "{{ env('CRUD_SYSTEM_URL') }}/token", client_id: client-1,
		client_secret: cl-secret}`)

	if _, e := run(t, x, "get", map[string]any{"id": "1"}); e != nil {
		t.Fatal(e)
	}
	u.revoked.Store("tok-1")
	for range 2 {
		if _, e := run(t, x, "get", map[string]any{"id": "1"}); e != nil {
			t.Fatalf("after revocation: %+v", e)
		}
	}
	if n := u.tokenHits.Load(); n != 2 {
		t.Fatalf("token endpoint hit %d times, want 2", n)
	}

	u.revoked.Store("tok-2")
	u.tokenFails.Store(true)
	_, e := run(t, x, "get", map[string]any{"id": "1"})
	if e == nil || e.Status != 502 {
		t.Fatalf("renewal refused: %+v", e)
	}
}
