package audit

import (
	"context"
	"log/slog"

	"github.com/twmb/franz-go/pkg/kgo"
)

// kgoLogger passes the Kafka client's warnings and errors to slog. Info and
// debug chatter (every request) stays out of the service log.
type kgoLogger struct{ log *slog.Logger }

// Level tells the client to log warnings and errors only.
func (kgoLogger) Level() kgo.LogLevel { return kgo.LogLevelWarn }

// Log writes one client message under the "kafka" component.
func (l kgoLogger) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	lvl := slog.LevelWarn
	if level == kgo.LogLevelError {
		lvl = slog.LevelError
	}
	args := append([]any{"component", "kafka"}, keyvals...)
	l.log.Log(context.Background(), lvl, "kafka client: "+msg, args...)
}
