package execute_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestHandlerRefusals(t *testing.T) {
	x, _ := demoExecutor(t)
	srv := serve(t, x)

	tests := []struct {
		name   string
		body   any
		status int
		code   string
		fields []string
	}{
		{"fail/unknown_system", `{"system":"nope","object_type":"user","action":"get"}`,
			404, "not_found", nil},
		{"fail/unknown_object_type", `{"system":"demo","object_type":"group","action":"get"}`,
			404, "not_found", nil},
		{"fail/unknown_action", `{"system":"demo","object_type":"user","action":"purge"}`,
			404, "not_found", nil},
		{"fail/not_json", `{"system":`, 422, "validation_failed", []string{"body"}},
		{"fail/not_object", `[1,2]`, 422, "validation_failed", []string{"body"}},
		{"fail/trailing_data", `{"system":"demo"} {}`, 422, "validation_failed", []string{"body"}},
		{"fail/every_bad_member", `{"system":1,"params":[],"extra":true,"action":"get"}`,
			422, "validation_failed", []string{"extra", "params", "system"}},
		{"fail/members_missing", `{"params":{}}`, 422, "validation_failed",
			[]string{"system", "object_type", "action"}},
		{"fail/required_params", `{"system":"demo","object_type":"user","action":"update",
			"params":{"id":null}}`, 422, "validation_failed", []string{"params.id"}},
		{"fail/too_large", `{"system":"demo","params":{"x":"` + strings.Repeat("a", 1<<20) + `"}}`,
			413, "request_too_large", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, srv, tc.body)
			if r.Status != tc.status || r.Error != tc.code || r.CorrelationID != "cid-1" {
				t.Fatalf("got %d %q %q, want %d %q", r.Status, r.Error, r.CorrelationID,
					tc.status, tc.code)
			}
			var fields []string
			for _, f := range r.Fields {
				fields = append(fields, f.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields %v, want %v", r.Fields, tc.fields)
			}
		})
	}
}

func TestHandlerMethod(t *testing.T) {
	x, _ := demoExecutor(t)
	srv := serve(t, x)

	resp, err := http.Get(srv.URL + "/execute")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("GET: %d Allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
