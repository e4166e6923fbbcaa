package audit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultBufferSize is the number of events a sink holds while its
// destination is slow or away.
const DefaultBufferSize = 10000

// record is an encoded event waiting for delivery.
type record struct {
	topic Topic
	key   string
	value []byte
}

// queue is the bounded buffer in front of a sink. Offer never blocks; one
// goroutine hands records to deliver in order. Every offered event is
// counted exactly once: Dropped when refused, else Delivered by the sink.
type queue struct {
	rec Recorder
	log *slog.Logger

	mu     sync.RWMutex // guards closed against a send on a closed ch
	closed bool
	ch     chan record

	lastWarn atomic.Int64 // unix nanoseconds of the last delivery warning

	abandon     chan struct{} // closed when Close gives up on the backlog
	abandonOnce sync.Once
	done        chan struct{} // closed when the worker has returned
}

func newQueue(size int, rec Recorder, log *slog.Logger) *queue {
	if size <= 0 {
		size = DefaultBufferSize
	}
	if rec == nil {
		rec = NopRecorder{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &queue{
		rec:     rec,
		log:     log,
		ch:      make(chan record, size),
		abandon: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// publish stamps, encodes and offers e. It is the Publish of every sink.
func (q *queue) publish(e Event) {
	if !e.Topic.Valid() {
		q.rec.Dropped(string(e.Topic))
		q.log.Warn("audit event dropped", "reason", "unknown_topic", "event_type", e.Type)
		return
	}
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}

	value, err := Encode(e)
	if err != nil {
		q.rec.Dropped(string(e.Topic))
		q.log.Warn("audit event dropped", "reason", "unencodable", "event_type", e.Type)
		return
	}
	q.offer(record{topic: e.Topic, key: e.Key, value: value})
}

// offer buffers r, or drops and counts it when the buffer is full or the
// queue is closed.
func (q *queue) offer(r record) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		q.rec.Dropped(string(r.topic))
		return
	}
	select {
	case q.ch <- r:
	default:
		q.rec.Dropped(string(r.topic))
	}
}

// run hands every buffered record to deliver until the queue is closed and
// drained. Once Close has abandoned the backlog, the rest count as failed.
func (q *queue) run(deliver func(record)) {
	defer close(q.done)
	for r := range q.ch {
		select {
		case <-q.abandon:
			q.rec.Delivered(string(r.topic), OutcomeFailed)
		default:
			deliver(r)
		}
	}
}

// close stops intake and waits for the worker to hand over the backlog. When
// ctx ends first, it abandons the backlog and returns the context error
// without waiting further: the worker counts the records left as failed as
// soon as the delivery in hand returns.
func (q *queue) close(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()

	select {
	case <-q.done:
		return nil
	case <-ctx.Done():
	}

	pending := len(q.ch)
	q.abandonOnce.Do(func() { close(q.abandon) })
	return fmt.Errorf("audit: flushing buffer, about %d events undelivered: %w", pending, ctx.Err())
}

// warnEvery spaces out delivery warnings: an outage fails records by the
// thousand, and the metrics carry the counts.
const warnEvery = 10 * time.Second

// warn logs a delivery problem at most once per warnEvery.
func (q *queue) warn(msg string, args ...any) {
	now := time.Now().UnixNano()
	last := q.lastWarn.Load()
	if now-last < int64(warnEvery) || !q.lastWarn.CompareAndSwap(last, now) {
		return
	}
	q.log.Warn(msg, args...)
}
