package audit

import (
	"context"
	"io"
	"log/slog"
	"sync"
)

// JSONLinesOptions tunes a JSON-lines sink.
type JSONLinesOptions struct {
	BufferSize int          // events held while the writer is slow; DefaultBufferSize when 0
	Logger     *slog.Logger // write failures; discarded when nil
	Recorder   Recorder     // delivery outcomes; NopRecorder when nil
}

// JSONLines writes one envelope per line to an io.Writer (stdout, a file).
// It is the audit sink when no Kafka broker is configured.
type JSONLines struct {
	q *queue

	mu sync.Mutex // one line at a time, whoever else shares w
	w  io.Writer
}

// NewJSONLines starts a sink writing to w. Call Close to flush it.
func NewJSONLines(w io.Writer, opts JSONLinesOptions) *JSONLines {
	j := &JSONLines{
		q: newQueue(opts.BufferSize, opts.Recorder, opts.Logger),
		w: w,
	}
	go j.q.run(j.write)
	return j
}

// Publish buffers e for writing. It never blocks: when the buffer is full
// the event is dropped and counted.
func (j *JSONLines) Publish(_ context.Context, e Event) {
	j.q.publish(e)
}

// Close writes what is buffered, waiting at most until ctx ends, and stops
// the sink. When ctx ends first, the events left are counted as failed
// (once the line being written, if any, returns). It does not close the
// writer.
func (j *JSONLines) Close(ctx context.Context) error {
	return j.q.close(ctx)
}

// write appends one line and counts the outcome.
func (j *JSONLines) write(r record) {
	line := make([]byte, 0, len(r.value)+1)
	line = append(append(line, r.value...), '\n')

	j.mu.Lock()
	_, err := j.w.Write(line)
	j.mu.Unlock()

	if err != nil {
		j.q.rec.Delivered(string(r.topic), OutcomeFailed)
		j.q.warn("audit event not written", "topic", string(r.topic), "error", err)
		return
	}
	j.q.rec.Delivered(string(r.topic), OutcomeDelivered)
}
