package audit_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/audit"
)

// TestOperationEventBounded: whatever a caller sends, an operation event
// stays small: long names are clipped, large params are replaced by their
// size, and "<" is not inflated to an escape sequence.
func TestOperationEventBounded(t *testing.T) {
	long := strings.Repeat("<", 300000)
	e := audit.Operation("c1", audit.OperationEvent{
		System: long, ObjectType: long, Action: long,
		Params: map[string]any{"note": long},
	})
	out, err := audit.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 4096 {
		t.Fatalf("event is %d bytes", len(out))
	}
	if !strings.Contains(string(out), `"_truncated":true`) || strings.Contains(string(out), `\u003c`) {
		t.Errorf("event: %s", out)
	}

	small := audit.Operation("c2", audit.OperationEvent{System: "demo", Params: map[string]any{"q": "a<b"}})
	out, _ = audit.Encode(small)
	if !strings.Contains(string(out), `"q":"a<b"`) || !strings.Contains(string(out), `"system":"demo"`) {
		t.Errorf("small event altered: %s", out)
	}
}
