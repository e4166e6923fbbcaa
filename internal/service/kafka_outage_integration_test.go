//go:build integration

package service_test

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

var auditTopics = []string{"crud.security", "crud.operations", "crud.workflows"}

// TestKafkaOutage: requests keep succeeding while the broker is down, and
// the events produced meanwhile arrive once a broker is back on the same
// address.
func TestKafkaOutage(t *testing.T) {
	port := freePort(t)
	cluster := startCluster(t, port)
	broker := "127.0.0.1:" + strconv.Itoa(port)

	app, send := kafkaService(t, broker)

	send("before-outage")
	cluster.Close()
	for i := 0; i < 20; i++ {
		send("during-outage-" + strconv.Itoa(i))
	}
	startCluster(t, port)
	send("after-outage")

	// The first event went to the broker that was stopped (with its data);
	// everything sent from then on must reach the new one.
	want := map[string]bool{"after-outage": true}
	for i := 0; i < 20; i++ {
		want["during-outage-"+strconv.Itoa(i)] = true
	}
	seen := consumeKeys(t, broker, "crud.operations", len(want), 60*time.Second)
	for k := range want {
		if !seen[k] {
			t.Errorf("operations event %s never arrived", k)
		}
	}
	app.Close()
}

// startCluster starts a broker on port, retrying while the port of a
// broker just stopped is still being released.
func startCluster(t *testing.T, port int) *kfake.Cluster {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := kfake.NewCluster(kfake.Ports(port), kfake.SeedTopics(1, auditTopics...))
		if err == nil {
			t.Cleanup(c.Close)
			return c
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// consumeKeys reads topic until it has seen n distinct record keys or the
// wait ends.
func consumeKeys(t *testing.T, broker, topic string, n int, wait time.Duration) map[string]bool {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	seen := map[string]bool{}
	deadline := time.Now().Add(wait)
	for len(seen) < n && time.Now().Before(deadline) {
		ctx, cancel := contextWithDeadline(deadline)
		fetches := cl.PollFetches(ctx)
		cancel()
		fetches.EachRecord(func(r *kgo.Record) { seen[string(r.Key)] = true })
	}
	return seen
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func contextWithDeadline(d time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(context.Background(), d)
}
