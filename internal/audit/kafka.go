package audit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// DefaultTopicPrefix is KAFKA_TOPIC_PREFIX when unset.
const DefaultTopicPrefix = "crud"

// DefaultFlushTimeout bounds Close when its context has no deadline.
const DefaultFlushTimeout = 10 * time.Second

// KafkaOptions configures the Kafka sink.
type KafkaOptions struct {
	Brokers      []string      // seed brokers, host:port; at least one
	TopicPrefix  string        // topics are {prefix}.security and so on; DefaultTopicPrefix when ""
	BufferSize   int           // events held while the broker is away; DefaultBufferSize when 0
	Logger       *slog.Logger  // client warnings and delivery failures; discarded when nil
	Recorder     Recorder      // delivery outcomes; NopRecorder when nil
	FlushTimeout time.Duration // Close bound without a ctx deadline; DefaultFlushTimeout when 0

	// ClientOptions are extra franz-go options, applied last (tests use
	// them for faster retry back-off).
	ClientOptions []kgo.Opt
}

// Kafka publishes events to {prefix}.security, {prefix}.operations and
// {prefix}.workflows, keyed by Event.Key. Delivery is at least once: records
// are retried without limit while the broker is away, so a consumer may see
// an event twice and should deduplicate on event_id.
type Kafka struct {
	q       *queue
	client  *kgo.Client
	topics  map[Topic]string // short name to Kafka topic
	short   map[string]Topic // Kafka topic back to short name, for labels
	timeout time.Duration

	produceCtx context.Context    // ends when Close abandons the backlog
	cancel     context.CancelFunc // ends produceCtx
	inflight   sync.WaitGroup     // records handed to the client, not yet settled

	purgeMu sync.Mutex
	purged  map[string]time.Time // last purge of each recreated topic
}

// NewKafka starts a Kafka sink. It does not contact the brokers, so a broker
// that is down at start-up delays delivery, not the service; the error is
// for options the client refuses (an empty broker list, say).
func NewKafka(opts KafkaOptions) (*Kafka, error) {
	if len(opts.Brokers) == 0 {
		return nil, fmt.Errorf("audit: kafka sink needs at least one broker")
	}
	k := &Kafka{
		q:       newQueue(opts.BufferSize, opts.Recorder, opts.Logger),
		topics:  topicNames(opts.TopicPrefix),
		short:   map[string]Topic{},
		purged:  map[string]time.Time{},
		timeout: opts.FlushTimeout,
	}
	for t, name := range k.topics {
		k.short[name] = t
	}
	if k.timeout <= 0 {
		k.timeout = DefaultFlushTimeout
	}

	client, err := kgo.NewClient(k.clientOptions(opts)...)
	if err != nil {
		return nil, fmt.Errorf("audit: creating kafka client: %w", err)
	}
	k.client = client
	k.produceCtx, k.cancel = context.WithCancel(context.Background())

	go k.q.run(k.produce)
	go func() {
		select {
		case <-k.q.abandon: // Close gave up: unblock a Produce waiting for room
			k.cancel()
		case <-k.produceCtx.Done():
		}
	}()
	return k, nil
}

// topicNames maps each audit topic to its Kafka topic name.
func topicNames(prefix string) map[Topic]string {
	if prefix == "" {
		prefix = DefaultTopicPrefix
	}
	names := map[Topic]string{}
	for _, t := range []Topic{TopicSecurity, TopicOperations, TopicWorkflows} {
		names[t] = prefix + "." + string(t)
	}
	return names
}

// clientOptions builds the franz-go configuration.
func (k *Kafka) clientOptions(opts KafkaOptions) []kgo.Opt {
	size := opts.BufferSize
	if size <= 0 {
		size = DefaultBufferSize
	}
	o := []kgo.Opt{
		kgo.SeedBrokers(opts.Brokers...),
		kgo.ClientID(Service),
		kgo.WithLogger(kgoLogger{log: k.q.log}),
		// No delivery deadline, and the client's default of unlimited
		// record retries: an event waits in the buffer for the broker to
		// come back rather than being failed after a few seconds of outage.
		kgo.RecordDeliveryTimeout(0),
		// The client's own buffer is bounded too; the queue in front of
		// it absorbs bursts and is where drops are counted.
		kgo.MaxBufferedRecords(size),
		// Idempotent producing ties records to a producer id the broker
		// must remember; a broker rebuilt empty (a restarted test broker,
		// a recreated cluster) would refuse the backlog. Audit delivery is
		// at least once and consumers deduplicate on event_id.
		kgo.DisableIdempotentWrite(),
	}
	return append(o, opts.ClientOptions...)
}

// Publish buffers e for Kafka. It never blocks: when the buffer is full the
// event is dropped and counted.
func (k *Kafka) Publish(_ context.Context, e Event) {
	k.q.publish(e)
}

// produce hands one record to the client; the promise counts its outcome.
func (k *Kafka) produce(r record) {
	rec := &kgo.Record{Topic: k.topics[r.topic], Value: r.value, Context: k.recordContext(1)}
	if r.key != "" {
		rec.Key = []byte(r.key)
	}
	k.inflight.Add(1)
	k.client.Produce(k.produceCtx, rec, k.settle)
}

// settle counts the delivery outcome of one record, or hands it back to the
// client for another attempt. It runs on the client's promise goroutine and
// must not block.
func (k *Kafka) settle(r *kgo.Record, err error) {
	if err != nil && k.retry(r, err) {
		return // still in flight
	}
	defer k.inflight.Done()
	topic := string(k.short[r.Topic])
	if err != nil {
		k.q.rec.Delivered(topic, OutcomeFailed)
		k.q.warn("audit event not delivered", "topic", r.Topic, "error", err)
		return
	}
	k.q.rec.Delivered(topic, OutcomeDelivered)
}

// Close delivers what is buffered, waiting at most until ctx ends (or
// FlushTimeout when ctx has no deadline), then closes the client. Events
// still undelivered are counted as failed and reported in the error.
func (k *Kafka) Close(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, k.timeout)
		defer cancel()
	}

	qerr := k.q.close(ctx)
	<-k.q.done // prompt even when abandoned: produceCtx is cancelled then
	ferr := k.client.Flush(ctx)
	pending := k.client.BufferedProduceRecords()

	// Stop retries, then let the client fail whatever it still holds;
	// settle counts each of those as failed.
	k.cancel()
	k.client.Close()
	k.inflight.Wait()

	if qerr != nil {
		return qerr
	}
	if ferr != nil {
		return fmt.Errorf("audit: flushing kafka, %d events undelivered: %w", pending, ferr)
	}
	return nil
}
