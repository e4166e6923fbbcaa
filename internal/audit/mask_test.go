package audit_test

import (
	"encoding/json"
	"testing"

	"github.com/crudservice/crudsvc/internal/audit"
)

const (
	sampleJWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
	samplePEM = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
)

func TestMaskParams(t *testing.T) {
	type creds struct {
		User   string `json:"user"`
		Secret string `json:"client_secret"`
	}
	cases := []struct {
		name string
		in   map[string]any
		want string // JSON of the masked map
	}{
		{"ok/plain_values_kept",
			map[string]any{"username": "bob", "age": 42, "active": true},
			`{"active":true,"age":42,"username":"bob"}`},
		{"ok/secret_keys_any_case",
			map[string]any{"Password": "p", "API-KEY": "k", "apiKey": "k", "Authorization": "x",
				"client_secret": "s", "refresh_token": "t", "db_credentials": map[string]any{"u": "a"}},
			`{"API-KEY":"***","Authorization":"***","Password":"***","apiKey":"***",` +
				`"client_secret":"***","db_credentials":"***","refresh_token":"***"}`},
		{"ok/nested_maps_and_lists",
			map[string]any{"users": []any{
				map[string]any{"name": "a", "PRIVATE_KEY": "k"},
				map[string]any{"name": "b", "conn": map[string]any{"passwd": "x", "host": "db"}},
			}},
			`{"users":[{"PRIVATE_KEY":"***","name":"a"},{"conn":{"host":"db","passwd":"***"},"name":"b"}]}`},
		{"ok/jwt_value_under_innocent_key",
			map[string]any{"note": sampleJWT, "list": []any{"x", "Bearer " + sampleJWT}},
			`{"list":["x","***"],"note":"***"}`},
		{"ok/pem_value",
			map[string]any{"material": samplePEM, "nested": map[string]any{"cert": samplePEM}},
			`{"material":"***","nested":{"cert":"***"}}`},
		{"ok/authorization_scheme_value",
			map[string]any{"header": "Basic YWxpY2U6cHc=", "word": "basic"},
			`{"header":"***","word":"basic"}`},
		{"ok/structs_masked_by_json_name",
			map[string]any{"login": creds{User: "u", Secret: "s"}},
			`{"login":{"client_secret":"***","user":"u"}}`},
		{"ok/typed_maps_and_slices",
			map[string]any{"h": map[string]string{"X-Api-Key": "k"}, "s": []string{sampleJWT}},
			`{"h":{"X-Api-Key":"***"},"s":["***"]}`},
		{"ok/large_numbers_exact",
			map[string]any{"id": int64(9007199254740993)},
			`{"id":9007199254740993}`},
		{"ok/unencodable_value_replaced",
			map[string]any{"fn": func() {}, "ok": "y"},
			`{"fn":"[unencodable]","ok":"y"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(audit.MaskParams(tc.in))
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestMaskParamsLeavesInputAlone(t *testing.T) {
	inner := map[string]any{"token": "t"}
	in := map[string]any{"inner": inner}
	audit.MaskParams(in)
	if inner["token"] != "t" {
		t.Errorf("caller's nested map was changed: %v", inner)
	}
}

func TestMaskParamsEmpty(t *testing.T) {
	if got := audit.MaskParams(nil); got != nil {
		t.Errorf("MaskParams(nil) = %v, want nil", got)
	}
}
