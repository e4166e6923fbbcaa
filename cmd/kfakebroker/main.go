// Command kfakebroker runs an in-memory Kafka-protocol broker (franz-go's
// kfake) as its own process, for end-to-end tests and for trying the audit
// stream with kcat. It is a test tool: nothing is persisted and there is no
// authentication.
//
//	kfakebroker --port 9092 --topics crud.security,crud.operations,crud.workflows
//
// It prints "listening on 127.0.0.1:PORT" once ready and runs until SIGTERM
// or SIGINT.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "kfakebroker:", err)
		os.Exit(1)
	}
}

// run parses flags, starts the broker and waits for a stop signal.
func run(args []string) error {
	fs := flag.NewFlagSet("kfakebroker", flag.ContinueOnError)
	port := fs.Int("port", 9092, "TCP port on 127.0.0.1 (0 picks a free one)")
	topics := fs.String("topics", "crud.security,crud.operations,crud.workflows",
		"comma list of topics to create at start")
	partitions := fs.Int("partitions", 1, "partitions of each created topic")
	autoCreate := fs.Bool("auto-create", true, "create unknown topics on first use")
	if err := fs.Parse(args); err != nil {
		return err
	}

	opts := []kfake.Opt{kfake.Ports(*port)}
	if names := splitList(*topics); len(names) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(*partitions), names...))
	}
	if *autoCreate {
		opts = append(opts, kfake.AllowAutoTopicCreation(), kfake.DefaultNumPartitions(*partitions))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		return fmt.Errorf("starting broker: %w", err)
	}
	defer cluster.Close()

	fmt.Printf("listening on %s\n", strings.Join(cluster.ListenAddrs(), ","))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	<-ctx.Done()
	return nil
}

// splitList splits a comma list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
