// Command crudsvc runs CRUD Service: commands and durable workflows against
// identity systems, behind mutual TLS and certificate-bound tokens.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/crudservice/crudsvc/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := cli.Root().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "crudsvc:", err)
		stop()
		os.Exit(1)
	}
}
