package audit_test

import (
	"context"
	"fmt"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/crudservice/crudsvc/internal/audit"
)

var testTopics = []string{"crud.security", "crud.operations", "crud.workflows"}

// freePort returns a TCP port on 127.0.0.1 nobody listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startBroker starts a one-broker kfake cluster on port with the audit
// topics seeded.
func startBroker(t *testing.T, port int) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.Ports(port), kfake.SeedTopics(1, testTopics...))
	if err != nil {
		t.Fatalf("starting kfake on port %d: %v", port, err)
	}
	t.Cleanup(c.Close)
	return c
}

// newKafkaSink builds a sink with quick retries and metadata refreshes, so
// tests do not wait on the production back-off (5s between refreshes).
func newKafkaSink(t *testing.T, port, buffer int, rec audit.Recorder) *audit.Kafka {
	t.Helper()
	sink, err := audit.NewKafka(audit.KafkaOptions{
		Brokers:    []string{fmt.Sprintf("127.0.0.1:%d", port)},
		BufferSize: buffer,
		Recorder:   rec,
		ClientOptions: []kgo.Opt{
			kgo.RetryBackoffFn(func(int) time.Duration { return 100 * time.Millisecond }),
			kgo.MetadataMinAge(250 * time.Millisecond),
		},
	})
	if err != nil {
		t.Fatalf("NewKafka: %v", err)
	}
	return sink
}

// consumed is one record read back from the broker.
type consumed struct{ topic, key, value string }

// consume reads n distinct records from the audit topics of the broker on
// port, failing the test when they do not all arrive within wait. Delivery
// is at least once, so a repeated record is skipped.
func consume(t *testing.T, port, n int, wait time.Duration) []consumed {
	t.Helper()
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(fmt.Sprintf("127.0.0.1:%d", port)),
		kgo.ConsumeTopics(testTopics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	)
	if err != nil {
		t.Fatalf("consumer: %v", err)
	}
	defer cl.Close()

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	var got []consumed
	seen := map[consumed]bool{}
	for len(got) < n {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("got %d of %d records within %v", len(got), n, wait)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			c := consumed{r.Topic, string(r.Key), string(r.Value)}
			if !seen[c] {
				seen[c] = true
				got = append(got, c)
			}
		})
	}
	return got
}

// publishAll publishes events from another goroutine and fails the test if
// that takes longer than limit: Publish must never wait for the broker.
func publishAll(t *testing.T, p audit.Publisher, events []audit.Event, limit time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, e := range events {
			p.Publish(context.Background(), e)
		}
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("publishing %d events took over %v: Publish blocked", len(events), limit)
	}
}

// sampleEvents returns one event of each kind per round, tagged by label.
func sampleEvents(label string, rounds int) []audit.Event {
	var out []audit.Event
	for i := range rounds {
		id := fmt.Sprintf("%s-%d", label, i)
		out = append(out,
			audit.Security(id, audit.SecurityEvent{Outcome: "success", Route: "/execute"}),
			audit.Operation(id, audit.OperationEvent{System: "demo", Params: map[string]any{"token": "t"}}),
			audit.Workflow(id, audit.WorkflowEvent{ExecutionID: "exec-" + id, Status: "waiting"}),
		)
	}
	return out
}

// wantRecords is what the broker should hold for events.
func wantRecords(t *testing.T, events []audit.Event) []consumed {
	t.Helper()
	var out []consumed
	for _, e := range events {
		v, err := audit.Encode(e)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		out = append(out, consumed{"crud." + string(e.Topic), e.Key, string(v)})
	}
	return out
}

// sameRecords compares record sets regardless of order across topics.
func sameRecords(t *testing.T, got, want []consumed) {
	t.Helper()
	key := func(c consumed) string { return c.topic + "|" + c.key + "|" + c.value }
	g, w := make([]string, len(got)), make([]string, len(want))
	for i := range got {
		g[i] = key(got[i])
	}
	for i := range want {
		w[i] = key(want[i])
	}
	sort.Strings(g)
	sort.Strings(w)
	if len(g) != len(w) {
		t.Fatalf("got %d records, want %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Errorf("record mismatch:\ngot  %s\nwant %s", g[i], w[i])
		}
	}
}

func TestKafkaDeliversEnvelopesToTopics(t *testing.T) {
	port := freePort(t)
	startBroker(t, port)
	rec := newCountingRecorder()
	sink := newKafkaSink(t, port, 0, rec)

	events := sampleEvents("a", 2)
	publishAll(t, sink, events, 2*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	sameRecords(t, consume(t, port, len(events), 10*time.Second), wantRecords(t, events))
	for _, topic := range []string{"security", "operations", "workflows"} {
		if n := rec.count("delivered", topic+"/delivered"); n != 2 {
			t.Errorf("%s delivered = %d, want 2", topic, n)
		}
	}
}

func TestKafkaBrokerDownAtStart(t *testing.T) {
	port := freePort(t)

	start := time.Now()
	sink := newKafkaSink(t, port, 0, nil)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("NewKafka took %v with no broker: start-up must not wait", d)
	}
	events := sampleEvents("early", 3)
	publishAll(t, sink, events, 2*time.Second)

	startBroker(t, port)
	sameRecords(t, consume(t, port, len(events), 30*time.Second), wantRecords(t, events))
	if err := sink.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestKafkaCountsDropsWhenBufferFull(t *testing.T) {
	port := freePort(t) // no broker: nothing drains
	rec := newCountingRecorder()
	sink := newKafkaSink(t, port, 5, rec)

	const n = 200
	events := make([]audit.Event, n)
	for i := range events {
		events[i] = audit.Security("c", audit.SecurityEvent{})
	}
	publishAll(t, sink, events, 2*time.Second)

	// The queue (5), the client buffer (5) and the record in hand are kept.
	if d := rec.count("dropped", "security"); d < n-11 {
		t.Errorf("dropped = %d, want at least %d", d, n-11)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := sink.Close(ctx); err == nil {
		t.Error("Close with an unreachable broker reported success")
	}
	if rec.count("delivered", "security/delivered") != 0 || rec.total() != n {
		t.Errorf("counts %v %v: want every event counted once, none delivered",
			rec.delivered, rec.dropped)
	}
}

func TestKafkaSurvivesBrokerRestart(t *testing.T) {
	port := freePort(t)
	first := startBroker(t, port)
	rec := newCountingRecorder()
	sink := newKafkaSink(t, port, 0, rec)

	before := sampleEvents("before", 2)
	publishAll(t, sink, before, 2*time.Second)
	sameRecords(t, consume(t, port, len(before), 10*time.Second), wantRecords(t, before))
	waitFor(t, func() bool { return rec.total() == len(before) })

	// The broker goes away; publishing carries on and stays instant.
	first.Close()
	during := sampleEvents("during", 5)
	publishAll(t, sink, during[:6], 2*time.Second)
	time.Sleep(300 * time.Millisecond) // let the producer hit the outage
	publishAll(t, sink, during[6:], 2*time.Second)

	// A new, empty broker on the same port receives the buffered events.
	startBroker(t, port)
	sameRecords(t, consume(t, port, len(during), 30*time.Second), wantRecords(t, during))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	delivered := 0
	for _, topic := range []string{"security", "operations", "workflows"} {
		delivered += rec.count("delivered", topic+"/delivered")
	}
	if delivered != len(before)+len(during) || rec.total() != delivered {
		t.Errorf("counts %v %v: want all %d events delivered",
			rec.delivered, rec.dropped, len(before)+len(during))
	}
}
