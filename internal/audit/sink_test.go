package audit_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/crudservice/crudsvc/internal/audit"
)

func TestOpenChoosesSink(t *testing.T) {
	cases := []struct {
		name    string
		opts    audit.Options
		isKafka bool
	}{
		{"ok/json_lines_without_brokers", audit.Options{Output: &bytes.Buffer{}}, false},
		{"ok/kafka_with_brokers", audit.Options{Brokers: []string{"127.0.0.1:1"}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink, err := audit.Open(tc.opts)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer sink.Close(context.Background())
			if _, ok := sink.(*audit.Kafka); ok != tc.isKafka {
				t.Errorf("got %T, want kafka=%v", sink, tc.isKafka)
			}
		})
	}
}

func TestNewKafkaNeedsBrokers(t *testing.T) {
	if _, err := audit.NewKafka(audit.KafkaOptions{}); err == nil {
		t.Error("NewKafka with no brokers succeeded")
	}
}

func TestNopDiscards(t *testing.T) {
	var p audit.Publisher = audit.Nop{}
	p.Publish(context.Background(), audit.Security("c", audit.SecurityEvent{}))
}
