package audit_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/crudservice/crudsvc/internal/audit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestEncodeGolden(t *testing.T) {
	b := fixedBuilder()
	cases := []struct {
		name  string
		event audit.Event
	}{
		{"auth_success", b.Security("req-1", audit.SecurityEvent{
			Outcome:      audit.OutcomeSuccess,
			Mode:         "bearer_plus_mtls_required",
			Method:       "POST",
			Route:        "/execute",
			Thumbprint:   "Y2VydGlmaWNhdGUtdGh1bWJwcmludC1vZi10aGUtbGVh",
			IssuerDNHash: audit.HashDN("CN=Dev CA,O=CRUD Service"),
			PolicyOIDs:   []string{"1.3.6.1.4.1.99999.1"},
			Principal:    "auth:account:idp:alice",
		})},
		{"auth_failure", b.Security("req-2", audit.SecurityEvent{
			Outcome: audit.OutcomeFailure,
			Mode:    "bearer_plus_mtls_optional",
			Method:  "POST",
			Route:   "/workflow/resume",
			Reason:  "sender_binding_mismatch",
		})},
		{"operation_executed", b.Operation("req-3", audit.OperationEvent{
			System:     "demo",
			ObjectType: "user",
			Action:     "create",
			Outcome:    "success",
			Status:     200,
			DurationMS: 12,
			Principal:  "auth:account:idp:alice",
			Params: map[string]any{
				"username": "bob",
				"password": "hunter2",
				"profile":  map[string]any{"api_key": "k-123", "team": "iam"},
			},
		})},
		{"workflow_waiting", b.Workflow("req-4", audit.WorkflowEvent{
			ExecutionID: "exec-42",
			Workflow:    "user_onboarding",
			Status:      "waiting",
			TaskID:      "task-7",
			NodeID:      "approve",
		})},
	}

	for _, tc := range cases {
		t.Run("ok/"+tc.name, func(t *testing.T) {
			got, err := audit.Encode(tc.event)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, got, "", "  "); err != nil {
				t.Fatalf("indenting: %v", err)
			}
			pretty.WriteByte('\n')

			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatalf("writing golden: %v", err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden (run with -update to create): %v", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("envelope differs from %s\ngot:\n%s\nwant:\n%s", path, pretty.Bytes(), want)
			}
		})
	}
}

func TestEventRouting(t *testing.T) {
	b := fixedBuilder()
	cases := []struct {
		name      string
		event     audit.Event
		wantType  string
		wantTopic audit.Topic
		wantKey   string
	}{
		{"ok/security_keyed_by_correlation", b.Security("c1", audit.SecurityEvent{Outcome: "success"}),
			"auth.success", audit.TopicSecurity, "c1"},
		{"ok/unknown_outcome_is_failure", b.Security("c2", audit.SecurityEvent{Outcome: "Success"}),
			"auth.failure", audit.TopicSecurity, "c2"},
		{"ok/operation_keyed_by_correlation", b.Operation("c3", audit.OperationEvent{}),
			"operation.executed", audit.TopicOperations, "c3"},
		{"ok/workflow_keyed_by_execution", b.Workflow("c4", audit.WorkflowEvent{ExecutionID: "e1", Status: "Completed"}),
			"workflow.completed", audit.TopicWorkflows, "e1"},
		{"ok/workflow_status_folded", b.Workflow("c5", audit.WorkflowEvent{ExecutionID: "e2", Status: "in progress"}),
			"workflow.in_progress", audit.TopicWorkflows, "e2"},
		{"ok/workflow_empty_status", b.Workflow("c6", audit.WorkflowEvent{ExecutionID: "e3"}),
			"workflow.unknown", audit.TopicWorkflows, "e3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.event
			if e.Type != tc.wantType || e.Topic != tc.wantTopic || e.Key != tc.wantKey {
				t.Errorf("got type=%q topic=%q key=%q, want %q %q %q",
					e.Type, e.Topic, e.Key, tc.wantType, tc.wantTopic, tc.wantKey)
			}
		})
	}
}

func TestHashDN(t *testing.T) {
	// Reference value: printf 'CN=Dev CA' | sha256sum
	const want = "82cbaa267ffd14a0cacca4e9620ed67321f577f3195d0c6724493d1e2b8e2803"
	if got := audit.HashDN("CN=Dev CA"); got != want {
		t.Errorf("HashDN = %q, want %q", got, want)
	}
	if audit.HashDN("") != "" {
		t.Errorf("HashDN of empty DN = %q, want empty", audit.HashDN(""))
	}
}

func TestDefaultBuilderStamps(t *testing.T) {
	e := audit.Security("c", audit.SecurityEvent{Outcome: "success"})
	if len(e.ID) != 36 || e.ID[14] != '4' {
		t.Errorf("event id %q is not a UUIDv4", e.ID)
	}
	if e.Time.IsZero() || e.Time.Location().String() != "UTC" {
		t.Errorf("event time %v, want now in UTC", e.Time)
	}
}
