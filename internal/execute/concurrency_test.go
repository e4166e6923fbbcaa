package execute_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crudservice/crudsvc/internal/execute"
)

// TestConcurrentWrites runs creates in parallel against the SQLite demo:
// the pool, WAL and busy_timeout must let every one through, and the
// compiled templates must be safe to share.
func TestConcurrentWrites(t *testing.T) {
	x, _ := demoExecutor(t)

	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := x.Execute(t.Context(), execute.Request{
				System: "demo", ObjectType: "user", Action: "create",
				Params: map[string]any{"username": fmt.Sprintf("user-%d", i)},
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	res, err := x.Execute(t.Context(), execute.Request{
		System: "demo", ObjectType: "user", Action: "list", Params: map[string]any{"limit": 100},
	})
	if err != nil || len(res.Data.([]map[string]any)) != n {
		t.Fatalf("list: %v %v", res, err)
	}
}
