package audit

import (
	"context"
	"io"
	"log/slog"
	"os"
	"time"
)

// Sink is a Publisher that must be closed at shutdown to flush its buffer.
type Sink interface {
	Publisher
	Close(ctx context.Context) error
}

// Options selects and configures the audit sink from the service settings.
type Options struct {
	Brokers      []string      // KAFKA_BROKERS; the JSON-lines sink when empty
	TopicPrefix  string        // KAFKA_TOPIC_PREFIX
	Output       io.Writer     // JSON-lines destination; os.Stdout when nil
	BufferSize   int           // DefaultBufferSize when 0
	FlushTimeout time.Duration // DefaultFlushTimeout when 0
	Logger       *slog.Logger
	Recorder     Recorder
}

// Open returns the Kafka sink when brokers are configured and the JSON-lines
// sink otherwise (SPEC section 6). It never waits for a broker.
func Open(o Options) (Sink, error) {
	if len(o.Brokers) > 0 {
		return NewKafka(KafkaOptions{
			Brokers:      o.Brokers,
			TopicPrefix:  o.TopicPrefix,
			BufferSize:   o.BufferSize,
			Logger:       o.Logger,
			Recorder:     o.Recorder,
			FlushTimeout: o.FlushTimeout,
		})
	}

	w := o.Output
	if w == nil {
		w = os.Stdout
	}
	return NewJSONLines(w, JSONLinesOptions{
		BufferSize: o.BufferSize,
		Logger:     o.Logger,
		Recorder:   o.Recorder,
	}), nil
}
