package audit

import (
	"context"
	"errors"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// maxAttempts bounds how often one event is handed back to the client after
// the client itself gave up on it.
const maxAttempts = 5

// purgeEvery spaces out the purges of one recreated topic: records failed by
// the first purge must not trigger another.
const purgeEvery = time.Second

// retryPause is the wait before a record's second attempt, growing by as
// much for each later one.
const retryPause = 250 * time.Millisecond

// attemptKey carries a record's attempt count in its context.
type attemptKey struct{}

// recordContext returns the context a record is produced under: cancelled
// when Close abandons the backlog, and carrying the attempt number.
func (k *Kafka) recordContext(attempt int) context.Context {
	return context.WithValue(k.produceCtx, attemptKey{}, attempt)
}

// retry hands r back to the client when its failure is one a later attempt
// can cure, and reports whether it did. The client retries broker outages
// itself; what reaches here is mostly a topic the client refuses to produce
// to because its topic id changed: the cluster was rebuilt, or the topic
// deleted and recreated (franz-go's "topic recreation"). Purging the topic
// from the client lets the next produce load the new one.
func (k *Kafka) retry(r *kgo.Record, err error) bool {
	if k.produceCtx.Err() != nil || errors.Is(err, kgo.ErrClientClosed) ||
		errors.Is(err, context.Canceled) || errors.Is(err, kerr.MessageTooLarge) {
		return false
	}
	attempt, _ := r.Context.Value(attemptKey{}).(int)
	if attempt >= maxAttempts {
		return false
	}
	recreated := errors.Is(err, kerr.UnknownTopicID)

	again := &kgo.Record{
		Topic:   r.Topic,
		Key:     r.Key,
		Value:   r.Value,
		Context: k.recordContext(attempt + 1),
	}
	// A promise must not produce on its own goroutine (it could wait on
	// itself), so the new attempt starts on another one, after a pause
	// that lets a purge or a metadata refresh take effect. TryProduce fails
	// rather than waits when the buffer is full.
	go func() {
		if recreated {
			k.purgeRecreated(r.Topic)
		}
		select {
		case <-time.After(time.Duration(attempt) * retryPause):
		case <-k.produceCtx.Done():
		}
		k.client.TryProduce(again.Context, again, k.settle)
	}()
	return true
}

// purgeRecreated drops what the client knows of topic, at most once per
// purgeEvery, so the next produce looks the topic up afresh. Retries of the
// same topic wait here until the purge is done.
func (k *Kafka) purgeRecreated(topic string) {
	k.purgeMu.Lock()
	defer k.purgeMu.Unlock()
	if time.Since(k.purged[topic]) < purgeEvery {
		return
	}
	k.q.log.Warn("audit topic recreated on the broker, reloading it", "topic", topic)
	k.client.PurgeTopicsFromProducing(topic)
	k.purged[topic] = time.Now()
}
