package audit_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/crudservice/crudsvc/internal/audit"
)

// fixedBuilder stamps events with a fixed time and numbered ids.
func fixedBuilder() audit.Builder {
	var n int
	return audit.Builder{
		Now: func() time.Time {
			return time.Date(2026, 12, 3, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))
		},
		NewID: func() string {
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	}
}

// countingRecorder is an audit.Recorder that keeps its counts.
type countingRecorder struct {
	mu        sync.Mutex
	delivered map[string]int // "topic/outcome"
	dropped   map[string]int
}

func newCountingRecorder() *countingRecorder {
	return &countingRecorder{delivered: map[string]int{}, dropped: map[string]int{}}
}

func (r *countingRecorder) Delivered(topic, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delivered[topic+"/"+outcome]++
}

func (r *countingRecorder) Dropped(topic string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dropped[topic]++
}

// count returns a delivered count ("security/delivered") or, with kind
// "dropped", the dropped count of a topic.
func (r *countingRecorder) count(kind, key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if kind == "dropped" {
		return r.dropped[key]
	}
	return r.delivered[key]
}

// total returns every outcome and drop counted.
func (r *countingRecorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, v := range r.delivered {
		n += v
	}
	for _, v := range r.dropped {
		n += v
	}
	return n
}
