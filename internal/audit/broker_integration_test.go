//go:build integration

package audit_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crudservice/crudsvc/internal/audit"
)

// startBrokerProcess builds cmd/kfakebroker, runs it on a free port and
// returns its address once it reports it is listening.
func startBrokerProcess(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kfakebroker")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/kfakebroker")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building kfakebroker: %v\n%s", err, out)
	}

	port := freePort(t)
	cmd := exec.Command(bin, "--port", fmt.Sprint(port))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stdout pipe: %v", err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting kfakebroker: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})

	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if addr, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				ready <- addr
				return
			}
		}
	}()
	select {
	case addr := <-ready:
		return addr
	case <-time.After(30 * time.Second):
		t.Fatal("kfakebroker did not report listening within 30s")
		return ""
	}
}

// TestSinkToBrokerProcessReadByKcat is the documented end-to-end run: a
// broker in its own process, events through the Kafka sink, read back by
// kcat exactly as an operator would.
func TestSinkToBrokerProcessReadByKcat(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatal("kcat is not installed (Debian: apt-get install -y kcat); " +
			"the integration tests need it to read the audit topics")
	}
	addr := startBrokerProcess(t)

	sink, err := audit.NewKafka(audit.KafkaOptions{Brokers: []string{addr}})
	if err != nil {
		t.Fatalf("NewKafka: %v", err)
	}
	events := sampleEvents("kcat", 2)
	publishAll(t, sink, events, 2*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	var got []consumed
	for _, topic := range testTopics {
		out, err := exec.Command(kcat, "-b", addr, "-C", "-t", topic,
			"-o", "beginning", "-e", "-q", "-f", "%k\t%s\n").Output()
		if err != nil {
			t.Fatalf("kcat -C -t %s: %v", topic, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			key, value, _ := strings.Cut(line, "\t")
			got = append(got, consumed{topic, key, value})
		}
	}
	sameRecords(t, got, wantRecords(t, events))

	meta, err := exec.Command(kcat, "-b", addr, "-L").Output()
	if err != nil || !strings.Contains(string(meta), `topic "crud.security"`) {
		t.Errorf("kcat -L: %v\n%s", err, meta)
	}
}

// TestPublishSampleEvents publishes one event of each kind to the brokers in
// AUDIT_KAFKA_BROKERS, for trying the stream by hand (docs/audit.md).
func TestPublishSampleEvents(t *testing.T) {
	brokers := os.Getenv("AUDIT_KAFKA_BROKERS")
	if brokers == "" {
		t.Skip("set AUDIT_KAFKA_BROKERS=host:port to publish sample events")
	}
	sink, err := audit.NewKafka(audit.KafkaOptions{
		Brokers:     strings.Split(brokers, ","),
		TopicPrefix: os.Getenv("AUDIT_KAFKA_TOPIC_PREFIX"),
	})
	if err != nil {
		t.Fatalf("NewKafka: %v", err)
	}
	for _, e := range sampleEvents("sample", 1) {
		sink.Publish(context.Background(), e)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// TestKafkaRestartWithProductionSettings repeats the broker restart with the
// sink's own retry and metadata timings, no test shortcuts.
func TestKafkaRestartWithProductionSettings(t *testing.T) {
	port := freePort(t)
	first := startBroker(t, port)
	rec := newCountingRecorder()
	sink, err := audit.NewKafka(audit.KafkaOptions{
		Brokers:  []string{fmt.Sprintf("127.0.0.1:%d", port)},
		Recorder: rec,
	})
	if err != nil {
		t.Fatalf("NewKafka: %v", err)
	}

	before := sampleEvents("before", 1)
	publishAll(t, sink, before, 2*time.Second)
	waitFor(t, func() bool { return rec.total() == len(before) })

	first.Close()
	during := sampleEvents("during", 10)
	publishAll(t, sink, during, 2*time.Second)
	time.Sleep(2 * time.Second) // an outage the producer notices
	startBroker(t, port)
	sameRecords(t, consume(t, port, len(during), 30*time.Second), wantRecords(t, during))

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := sink.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n := rec.count("delivered", "workflows/delivered"); n != 11 {
		t.Errorf("workflows delivered = %d, want 11", n)
	}
}
