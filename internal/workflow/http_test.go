package workflow_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/workflow"
)

const formYAML = `
name: form
nodes:
  - {id: start, type: START}
  - id: details
    type: USER_INTERACTION
    interaction_type: form
    form:
      schema:
        - {name: reason, type: string, required: true}
        - {name: days, type: number}
        - {name: urgent, type: boolean}
  - {id: end, type: END}
edges:
  - {from: start, to: details}
  - {from: details, to: end, condition: 'data.reason != ""'}
`

// do sends one request to the handler and decodes the JSON answer.
func do(t *testing.T, h http.Handler, method, path, ifMatch, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: body %q is not JSON", method, path, rec.Body)
	}
	return rec.Code, out
}

func TestHTTPApprovalFlow(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	srv := workflow.Handler(h.engine)

	code, started := do(t, srv, "POST", "/workflow/start", "",
		`{"name": "approve", "data": {"username": "ada"}}`)
	if code != http.StatusAccepted || started["workflow_status"] != "waiting" ||
		started["correlation_id"] != "corr-1" {
		t.Fatalf("start = %d %v", code, started)
	}
	rr := started["resume_request"].(map[string]any)
	url := rr["url"].(string)
	version := rr["headers"].(map[string]any)["If-Match"].(string)

	body := `{"decision": "approve", "idempotency_key": "k1"}`
	code, done := do(t, srv, "POST", url, `"`+version+`"`, body)
	if code != http.StatusOK || done["workflow_status"] != "completed" {
		t.Fatalf("resume = %d %v", code, done)
	}
	code, replay := do(t, srv, "POST", url, `"`+version+`"`, body)
	if code != http.StatusOK || replay["state_version"] != done["state_version"] {
		t.Fatalf("replay = %d %v, want %v", code, replay, done)
	}

	id := started["execution_id"].(string)
	code, status := do(t, srv, "GET", "/workflow/status/"+id, "", "")
	if code != http.StatusOK || status["workflow_status"] != "completed" {
		t.Fatalf("status = %d %v", code, status)
	}
}

func TestHTTPErrors(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML, "f.yaml": formYAML})
	srv := workflow.Handler(h.engine)
	tests := []struct {
		name, method, path, body string
		want                     int
		code                     string
	}{
		{"fail/unknown_workflow", "POST", "/workflow/start", `{"workflow_name": "x"}`,
			404, "not_found"},
		{"fail/no_name", "POST", "/workflow/start", `{}`, 400, "invalid_request"},
		{"fail/bad_json", "POST", "/workflow/start", `{`, 400, "invalid_request"},
		{"fail/too_large", "POST", "/workflow/start",
			`{"data": {"x": "` + strings.Repeat("a", 2<<20) + `"}}`, 413, "invalid_request"},
		{"fail/unknown_task", "POST", "/workflow/resume/nope", `{"decision": "approve"}`,
			404, "not_found"},
		{"fail/unknown_execution", "GET", "/workflow/status/nope", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := do(t, srv, tt.method, tt.path, "1", tt.body)
			if code != tt.want || out["error"] != tt.code || out["correlation_id"] != "corr-1" {
				t.Fatalf("got %d %v, want %d %s", code, out, tt.want, tt.code)
			}
		})
	}
}

func TestHTTPForm(t *testing.T) {
	tests := []struct {
		name, data string
		want       int
	}{
		{"ok/complete", `{"reason": "holiday", "days": 3, "urgent": false}`, 200},
		{"fail/missing_required", `{"days": 3}`, 422},
		{"fail/wrong_type", `{"reason": "x", "days": "three"}`, 422},
		{"fail/undeclared_field", `{"reason": "x", "colour": "red"}`, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"f.yaml": formYAML})
			srv := workflow.Handler(h.engine)
			_, started := do(t, srv, "POST", "/workflow/start", "", `{"workflow_name": "form"}`)
			ra := started["required_action"].(map[string]any)
			if ra["task_type"] != "form" || len(ra["form_schema"].([]any)) != 3 {
				t.Fatalf("required action = %v", ra)
			}
			version := started["resume_request"].(map[string]any)["headers"].(map[string]any)["If-Match"]

			code, out := do(t, srv, "POST", "/workflow/resume/"+ra["task_id"].(string),
				version.(string), `{"data": `+tt.data+`}`)
			if code != tt.want {
				t.Fatalf("resume = %d %v, want %d", code, out, tt.want)
			}
			if code == 200 && out["workflow_status"] != "completed" {
				t.Fatalf("status = %v", out["workflow_status"])
			}
		})
	}
}
