package workflow_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/crudservice/crudsvc/internal/workflow"
)

// resume answers the waiting run v with decision, failing the test on error.
func resume(t *testing.T, h *harness, v *workflow.RunView, decision, key string) *workflow.RunView {
	t.Helper()
	if v.RequiredAction == nil {
		t.Fatalf("run is %s with no required action", v.Status)
	}
	out, err := h.engine.Resume(t.Context(), v.RequiredAction.TaskID,
		fmt.Sprint(v.StateVersion), workflow.ResumeRequest{Decision: decision, IdempotencyKey: key})
	if err != nil {
		t.Fatalf("Resume: %v", err)
	}
	return out
}

func startApproval(t *testing.T, h *harness) *workflow.RunView {
	t.Helper()
	v := h.start(t, "approve", map[string]any{"username": "ada"})
	if v.Status != workflow.StatusWaiting {
		t.Fatalf("status = %s, want waiting", v.Status)
	}
	ra := v.RequiredAction
	if ra.TaskType != "approval" || len(ra.AllowedDecisions) != 2 {
		t.Fatalf("required action = %+v", ra)
	}
	rr := v.ResumeRequest
	if rr.URL != "/workflow/resume/"+ra.TaskID || rr.Headers["If-Match"] != fmt.Sprint(v.StateVersion) {
		t.Fatalf("resume request = %+v", rr)
	}
	return v
}

func TestApproval(t *testing.T) {
	tests := []struct {
		name      string
		decision  string
		creates   int
		outputKey string
	}{
		{"ok/approved", "approve", 1, "create"},
		{"ok/rejected", "reject", 0, "rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
			v := resume(t, h, startApproval(t, h), tt.decision, "")

			if v.Status != workflow.StatusCompleted {
				t.Fatalf("status = %s (%+v)", v.Status, v.Error)
			}
			if n := h.runner.count("create"); n != tt.creates {
				t.Errorf("create ran %d times, want %d", n, tt.creates)
			}
			if _, ok := v.Outputs[tt.outputKey]; !ok {
				t.Errorf("no output from %s", tt.outputKey)
			}
			ask, _ := v.Outputs["ask"].(map[string]any)
			if ask["decision"] != tt.decision || v.Variables["decision"] != tt.decision {
				t.Errorf("decision not recorded: output %v, vars %v", ask, v.Variables)
			}
		})
	}
}

func TestResumeRefusals(t *testing.T) {
	tests := []struct {
		name    string
		taskID  func(v *workflow.RunView) string
		ifMatch func(v *workflow.RunView) string
		req     workflow.ResumeRequest
		want    int
	}{
		{"fail/unknown_task", func(*workflow.RunView) string { return "nope" }, current,
			workflow.ResumeRequest{Decision: "approve"}, http.StatusNotFound},
		{"fail/stale_version", taskOf, func(v *workflow.RunView) string {
			return fmt.Sprint(v.StateVersion - 1)
		}, workflow.ResumeRequest{Decision: "approve"}, http.StatusPreconditionFailed},
		{"fail/missing_if_match", taskOf, func(*workflow.RunView) string { return "" },
			workflow.ResumeRequest{Decision: "approve"}, http.StatusPreconditionRequired},
		{"fail/decision_not_allowed", taskOf, current,
			workflow.ResumeRequest{Decision: "maybe"}, http.StatusUnprocessableEntity},
		{"ok/quoted_etag", taskOf, func(v *workflow.RunView) string {
			return fmt.Sprintf(`"%d"`, v.StateVersion)
		}, workflow.ResumeRequest{Decision: "approve"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
			v := startApproval(t, h)
			_, err := h.engine.Resume(t.Context(), tt.taskID(v), tt.ifMatch(v), tt.req)
			if tt.want == http.StatusOK {
				if err != nil {
					t.Fatalf("Resume: %v", err)
				}
				return
			}
			wantStatus(t, err, tt.want)
		})
	}
}

func taskOf(v *workflow.RunView) string  { return v.RequiredAction.TaskID }
func current(v *workflow.RunView) string { return fmt.Sprint(v.StateVersion) }

func TestResumeTwice(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	v := startApproval(t, h)
	resume(t, h, v, "approve", "")

	_, err := h.engine.Resume(t.Context(), v.RequiredAction.TaskID, "999",
		workflow.ResumeRequest{Decision: "approve"})
	wantStatus(t, err, http.StatusConflict)
	if n := h.runner.count("create"); n != 1 {
		t.Errorf("create ran %d times, want 1", n)
	}
}

func TestIdempotentReplay(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	v := startApproval(t, h)
	first := resume(t, h, v, "approve", "key-1")
	again := resume(t, h, v, "approve", "key-1")

	if !again.Replayed || first.Replayed {
		t.Errorf("replayed flags: first %v, again %v", first.Replayed, again.Replayed)
	}
	if again.StateVersion != first.StateVersion || again.Status != first.Status ||
		again.ExecutionID != first.ExecutionID {
		t.Errorf("replay = %+v, want %+v", again, first)
	}
	if n := h.runner.count("create"); n != 1 {
		t.Errorf("create ran %d times, want 1", n)
	}
}

func TestResumeAfterRestart(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	v := startApproval(t, h)

	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	h.open(t)

	done := resume(t, h, v, "approve", "")
	if done.Status != workflow.StatusCompleted || h.runner.count("create") != 1 {
		t.Fatalf("after restart: status %s, creates %d", done.Status, h.runner.count("create"))
	}
}

func TestConcurrentResumeSQLite(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	checkConcurrentResume(t, h)
}

// checkConcurrentResume resumes one task from many goroutines, each with its
// own engine and database connection, as replicas would: exactly one may
// win, the rest get 409 or 412.
func checkConcurrentResume(t *testing.T, h *harness) {
	t.Helper()
	v := startApproval(t, h)
	before := h.runner.count("create")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		store, err := workflow.OpenStore(t.Context(), h.dbURL)
		if err != nil {
			t.Fatalf("OpenStore: %v", err)
		}
		t.Cleanup(func() { store.Close() })
		e := newEngine(t, h.reg, store, h.runner)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.Resume(t.Context(), v.RequiredAction.TaskID,
				fmt.Sprint(v.StateVersion), workflow.ResumeRequest{Decision: "approve"})
		}()
	}
	wg.Wait()

	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		wantStatus409or412(t, err)
	}
	if wins != 1 {
		t.Fatalf("%d resumes succeeded, want exactly 1", wins)
	}
	if c := h.runner.count("create") - before; c != 1 {
		t.Fatalf("create ran %d times, want 1", c)
	}
}

func wantStatus409or412(t *testing.T, err error) {
	t.Helper()
	var we *workflow.Error
	if !asError(err, &we) || (we.Status != http.StatusConflict &&
		we.Status != http.StatusPreconditionFailed) {
		t.Errorf("loser got %v, want 409 or 412", err)
	}
}

type statusRecorder struct {
	mu       sync.Mutex
	statuses []string
}

func (r *statusRecorder) StateChanged(_ context.Context, _, _, status string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.statuses = append(r.statuses, status)
}

func TestRecorderSeesStateChanges(t *testing.T) {
	h := newHarness(t, map[string]string{"a.yaml": approvalYAML})
	rec := &statusRecorder{}
	e, err := workflow.NewEngine(workflow.EngineOptions{Registry: h.reg, Store: h.store,
		Runner: h.runner, Recorder: rec, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h.engine = e
	resume(t, h, startApproval(t, h), "approve", "")

	want := "running,waiting,running,completed"
	if got := strings.Join(rec.statuses, ","); got != want {
		t.Errorf("statuses = %s, want %s", got, want)
	}
}
