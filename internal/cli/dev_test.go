package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/cli"
)

// TestDevWalkthrough runs `crudsvc dev` in a temporary directory and then
// executes, with the real curl, the very commands it printed: what a
// developer pastes must give what the comments promise.
func TestDevWalkthrough(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("this test runs the printed commands with curl, which is not on PATH: " +
			"install it (apt-get install curl)")
	}
	w := startDev(t)

	for n := 1; n <= 3; n++ {
		w.run(t, n, nil)
	}
	start := w.run(t, 4, nil)
	if start.body["workflow_status"] != "waiting" || start.body["resume_request"] == nil {
		t.Fatalf("step 4: want a waiting run with a resume_request, got %s", start.raw)
	}
	taskID, version := resumeValues(t, start.body)
	done := w.run(t, 5, map[string]string{"<task_id>": taskID, "<state_version>": version})
	if done.body["workflow_status"] != "completed" {
		t.Fatalf("step 5: want workflow_status completed, got %s", done.raw)
	}
	list := w.run(t, 6, nil)
	if user := w.username(t); !strings.Contains(string(list.raw), `"username":"`+user+`"`) {
		t.Fatalf("step 6: user %s created by the workflow is not listed: %s", user, list.raw)
	}
}

// walkthrough is a running `crudsvc dev` and what it printed.
type walkthrough struct {
	tokenLine  string
	steps      map[int]printedStep
	tmp        string
	runCounter int
}

// printedStep is one numbered command with the status its comment expects.
type printedStep struct {
	title   string
	command string
	expect  int
}

// answer is what curl got back.
type answer struct {
	status int
	raw    []byte
	body   map[string]any
}

// startDev runs the dev command in-process on a free port until the test
// ends, and parses its output once it says it is ready.
func startDev(t *testing.T) *walkthrough {
	t.Helper()
	dir := t.TempDir()
	configDir, err := filepath.Abs("../../config")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("SERVICE_CONFIG_DIR", configDir)
	// Let crudsvc dev choose the demo database itself; t.Setenv restores
	// the variable afterwards.
	t.Setenv("DEMO_DB_PATH", "")
	os.Unsetenv("DEMO_DB_PATH")

	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	root := cli.Root()
	root.SetArgs([]string{"dev", "--dir", dir, "--addr", "127.0.0.1:0"})
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan error, 1)
	go func() { exited <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-exited; err != nil {
			t.Errorf("crudsvc dev stopped with an error: %v\nstderr:\n%s", err, stderr)
		}
		// The audit stream is flushed on stop; the calls above are in it.
		if data, err := os.ReadFile(filepath.Join(dir, "audit.jsonl")); err != nil || len(data) == 0 {
			t.Errorf("no audit events in the dev directory: %v", err)
		}
		// The demo system keeps its database there too, not in ./data.
		if _, err := os.Stat(filepath.Join(dir, "demo.db")); err != nil {
			t.Errorf("demo database not in the dev directory: %v", err)
		}
	})

	waitReady(t, stdout, stderr, exited)
	return parseWalkthrough(t, stdout.String())
}

func waitReady(t *testing.T, stdout, stderr *syncBuffer, exited chan error) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !strings.Contains(stdout.String(), "Press Ctrl-C to stop.") {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("crudsvc dev exited before it was ready: %v\nstderr:\n%s", err, stderr)
		case <-deadline:
			t.Fatalf("crudsvc dev printed no commands in 20s\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if !strings.Contains(stderr.String(), "FOR DEVELOPMENT ONLY") {
		t.Errorf("no development-only banner on stderr:\n%s", stderr)
	}
}

var (
	stepTitle = regexp.MustCompile(`^# (\d+)\. (.*)$`)
	expectRe  = regexp.MustCompile(`Expect (\d{3})`)
)

// parseWalkthrough finds the TOKEN= line and each numbered step: a comment
// (possibly continued on "#" lines) and a curl command continued with "\".
func parseWalkthrough(t *testing.T, out string) *walkthrough {
	t.Helper()
	w := &walkthrough{steps: map[int]printedStep{}, tmp: t.TempDir()}
	var cur *printedStep
	var n int
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\n")
		switch m := stepTitle.FindStringSubmatch(line); {
		case strings.HasPrefix(line, "TOKEN='"):
			w.tokenLine = line
		case m != nil:
			n, _ = strconv.Atoi(m[1])
			cur = &printedStep{title: m[2]}
		case cur != nil && strings.HasPrefix(line, "#"):
			cur.title += " " + strings.TrimSpace(strings.TrimPrefix(line, "#"))
		case cur != nil && line != "":
			cur.command += line + "\n"
		case cur != nil:
			w.steps[n] = finishStep(t, n, *cur)
			cur = nil
		}
	}
	if w.tokenLine == "" || len(w.steps) != 6 {
		t.Fatalf("want a TOKEN= line and 6 steps, got token %t and %d steps in:\n%s",
			w.tokenLine != "", len(w.steps), out)
	}
	return w
}

func finishStep(t *testing.T, n int, s printedStep) printedStep {
	t.Helper()
	m := expectRe.FindStringSubmatch(s.title)
	if m == nil || !strings.HasPrefix(s.command, "curl ") {
		t.Fatalf("step %d: want a curl command and an expected status, got %q\n%s", n, s.title, s.command)
	}
	s.expect, _ = strconv.Atoi(m[1])
	s.command = strings.TrimRight(s.command, "\n")
	return s
}

// run executes step n through sh exactly as printed (after the TOKEN line),
// with placeholders replaced, and checks the status its comment expects.
func (w *walkthrough) run(t *testing.T, n int, replace map[string]string) answer {
	t.Helper()
	s := w.steps[n]
	command := s.command
	for k, v := range replace {
		command = strings.ReplaceAll(command, k, v)
	}
	w.runCounter++
	bodyFile := filepath.Join(w.tmp, "body"+strconv.Itoa(w.runCounter))
	script := w.tokenLine + "\n" + command + " -o '" + bodyFile + "' -w '%{http_code}'"

	out, err := exec.Command("sh", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("step %d (%s): curl failed: %v\n%s\ncommand:\n%s", n, s.title, err, out, command)
	}
	a := answer{}
	a.status, _ = strconv.Atoi(strings.TrimSpace(string(out)))
	a.raw, _ = os.ReadFile(bodyFile)
	_ = json.Unmarshal(a.raw, &a.body)
	if a.status != s.expect {
		t.Fatalf("step %d (%s): status %d, want %d: %s", n, s.title, a.status, s.expect, a.raw)
	}
	if strings.Contains(s.title, "sender_binding_mismatch") && a.body["reason"] != "sender_binding_mismatch" {
		t.Fatalf("step %d: want reason sender_binding_mismatch, got %s", n, a.raw)
	}
	return a
}

// username is the demo user the printed workflow start creates.
func (w *walkthrough) username(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`"username":"([^"]+)"`).FindStringSubmatch(w.steps[4].command)
	if m == nil {
		t.Fatalf("step 4 names no username: %s", w.steps[4].command)
	}
	return m[1]
}

// resumeValues reads the task id and state version from a waiting answer
// the way the printed instructions tell a developer to.
func resumeValues(t *testing.T, body map[string]any) (taskID, version string) {
	t.Helper()
	rr, _ := body["resume_request"].(map[string]any)
	url, _ := rr["url"].(string)
	headers, _ := rr["headers"].(map[string]any)
	version, _ = headers["If-Match"].(string)
	taskID = url[strings.LastIndex(url, "/")+1:]
	if taskID == "" || version == "" {
		t.Fatalf("resume_request lacks the url or If-Match: %v", rr)
	}
	return taskID, version
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
