package audit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/audit"
)

func TestJSONLinesWritesOneEnvelopePerLine(t *testing.T) {
	var buf bytes.Buffer
	rec := newCountingRecorder()
	sink := audit.NewJSONLines(&buf, audit.JSONLinesOptions{Recorder: rec})

	b := fixedBuilder()
	sink.Publish(context.Background(), b.Security("c1", audit.SecurityEvent{Outcome: "success"}))
	sink.Publish(context.Background(), b.Operation("c2", audit.OperationEvent{System: "demo"}))
	sink.Publish(context.Background(), b.Workflow("c3", audit.WorkflowEvent{ExecutionID: "e", Status: "started"}))
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	var types []string
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var env audit.Envelope
		if err := json.Unmarshal(sc.Bytes(), &env); err != nil {
			t.Fatalf("line %q is not an envelope: %v", sc.Text(), err)
		}
		if env.Service != "crudsvc" || env.EventID == "" {
			t.Errorf("envelope %+v lacks service or id", env)
		}
		types = append(types, env.EventType)
	}
	want := []string{"auth.success", "operation.executed", "workflow.started"}
	if len(types) != len(want) {
		t.Fatalf("got event types %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Errorf("line %d: type %q, want %q", i, types[i], want[i])
		}
	}
	if n := rec.count("delivered", "security/delivered"); n != 1 {
		t.Errorf("security delivered = %d, want 1", n)
	}
}

func TestJSONLinesStampsBareEvents(t *testing.T) {
	var buf bytes.Buffer
	sink := audit.NewJSONLines(&buf, audit.JSONLinesOptions{})
	sink.Publish(context.Background(), audit.Event{Type: "auth.failure", Topic: audit.TopicSecurity})
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	var env audit.Envelope
	if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
		t.Fatalf("decoding %q: %v", buf.String(), err)
	}
	if env.EventID == "" || env.Timestamp == "" || string(env.Data) != "null" {
		t.Errorf("bare event not stamped: %+v", env)
	}
}

// blockedWriter holds every Write until release is closed.
type blockedWriter struct {
	release chan struct{}
	mu      sync.Mutex
	lines   int
}

func (w *blockedWriter) Write(p []byte) (int, error) {
	<-w.release
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines++
	return len(p), nil
}

func TestJSONLinesNeverBlocksAndCountsDrops(t *testing.T) {
	w := &blockedWriter{release: make(chan struct{})}
	rec := newCountingRecorder()
	sink := audit.NewJSONLines(w, audit.JSONLinesOptions{BufferSize: 5, Recorder: rec})

	// With the writer stuck, 100 publishes must all return at once: at
	// most the buffer and the one line being written are kept.
	const n = 100
	published := make(chan struct{})
	go func() {
		for range n {
			sink.Publish(context.Background(), audit.Security("c", audit.SecurityEvent{}))
		}
		close(published)
	}()
	select {
	case <-published:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a stuck writer")
	}
	if d := rec.count("dropped", "security"); d < n-6 {
		t.Errorf("dropped = %d, want at least %d", d, n-6)
	}

	close(w.release)
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if rec.total() != n {
		t.Errorf("counted %d outcomes, want one per published event (%d)", rec.total(), n)
	}
}

func TestJSONLinesCloseHonoursDeadline(t *testing.T) {
	w := &blockedWriter{release: make(chan struct{})}
	rec := newCountingRecorder()
	sink := audit.NewJSONLines(w, audit.JSONLinesOptions{BufferSize: 10, Recorder: rec})
	for range 5 {
		sink.Publish(context.Background(), audit.Security("c", audit.SecurityEvent{}))
	}

	// The writer stays stuck past the deadline: Close must return anyway.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := sink.Close(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close = %v, want deadline exceeded", err)
	}

	// Once the stuck line returns, the abandoned backlog is counted failed.
	close(w.release)
	waitFor(t, func() bool { return rec.total() == 5 })
	if got := rec.count("delivered", "security/failed"); got < 4 {
		t.Errorf("failed = %d, want the abandoned backlog (4 or 5)", got)
	}

	sink.Publish(context.Background(), audit.Security("c", audit.SecurityEvent{}))
	if got := rec.count("dropped", "security"); got != 1 {
		t.Errorf("publish after Close: dropped = %d, want 1", got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestJSONLinesCountsWriteFailures(t *testing.T) {
	rec := newCountingRecorder()
	sink := audit.NewJSONLines(failingWriter{}, audit.JSONLinesOptions{Recorder: rec})
	sink.Publish(context.Background(), audit.Operation("c", audit.OperationEvent{}))
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := rec.count("delivered", "operations/failed"); got != 1 {
		t.Errorf("operations failed = %d, want 1", got)
	}
}

func TestPublishRefusesUnknownTopic(t *testing.T) {
	var buf bytes.Buffer
	rec := newCountingRecorder()
	sink := audit.NewJSONLines(&buf, audit.JSONLinesOptions{Recorder: rec})
	sink.Publish(context.Background(), audit.Event{Type: "x", Topic: "billing"})
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if buf.Len() != 0 || rec.count("dropped", "billing") != 1 {
		t.Errorf("unknown topic written (%q) or not counted", buf.String())
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
