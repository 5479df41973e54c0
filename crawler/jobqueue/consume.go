package jobqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Delivery is one job handed to a worker.
type Delivery struct {
	Job Job
	// Attempt counts the deliveries of the job, this one included (1 the
	// first time).
	Attempt int
}

// ErrRetry, wrapped by a handler's error, asks for the job to be
// delivered again soon (to this worker or another) instead of waiting for
// the ack wait; any other error does the same. A handler that returns nil
// has finished the job, which is acknowledged.
var ErrRetry = errors.New("retry the job")

// Handler does one job. ctx ends when the worker stops.
type Handler func(ctx context.Context, d Delivery) error

// Consume runs n handlers at once on the queue's jobs until ctx ends, and
// waits for those under way. Each takes one job at a time (a job is not
// held waiting behind another, so its ack wait runs only while it is
// worked on), sends in-progress heartbeats every quarter of the ack wait
// while the handler runs, and when the handler returns nil announces the
// job's end (Finished) and acknowledges it, or asks for it to be
// delivered again when it fails. Lost connections are waited out.
func (q *Queue) Consume(ctx context.Context, n int, handle Handler) error {
	if n < 1 {
		return fmt.Errorf("consume: %d handlers: want 1 or more", n)
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { q.loop(ctx, handle) })
	}
	wg.Wait()
	return nil
}

// loop takes jobs one at a time until ctx ends.
func (q *Queue) loop(ctx context.Context, handle Handler) {
	var cons jetstream.Consumer
	for ctx.Err() == nil {
		if cons == nil {
			c, err := q.js.Consumer(ctx, Stream, Consumer)
			if err != nil {
				q.log.Debug("queue consumer unavailable, waiting", slog.Any("error", err))
				sleep(ctx, 500*time.Millisecond)
				continue
			}
			cons = c
		}
		msg, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
		switch {
		case err == nil:
			q.handle(ctx, msg, handle)
		case errors.Is(err, nats.ErrTimeout), errors.Is(err, jetstream.ErrNoMessages):
		default:
			q.log.Debug("taking a job failed, retrying", slog.Any("error", err))
			if errors.Is(err, jetstream.ErrConsumerNotFound) || strings.Contains(err.Error(), "consumer") {
				cons = nil
			}
			sleep(ctx, 500*time.Millisecond)
		}
	}
}

// handle runs one delivery with heartbeats and acknowledges it.
func (q *Queue) handle(ctx context.Context, msg jetstream.Msg, handle Handler) {
	d := Delivery{Attempt: 1}
	if md, err := msg.Metadata(); err == nil {
		d.Attempt = int(md.NumDelivered)
	}
	if err := json.Unmarshal(msg.Data(), &d.Job); err != nil || len(d.Job.Audit.Sites) != 1 {
		q.log.Error("dropping a message that is not a job", slog.String("subject", msg.Subject()), slog.Any("error", errors.Join(errDecode, err)))
		_ = msg.Term()
		return
	}
	log := q.log.With(slog.String("job", d.Job.ID()), slog.Int("attempt", d.Attempt))
	hctx, cancel := context.WithCancel(ctx)
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		t := time.NewTicker(q.ackWait / 4)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				if err := msg.InProgress(); err != nil {
					log.Debug("heartbeat failed", slog.Any("error", err))
				}
			}
		}
	}()
	err := handle(hctx, d)
	cancel()
	<-beat
	if err != nil {
		log.Warn("job not done, to be delivered again", slog.Any("error", err))
		_ = msg.NakWithDelay(time.Second)
		return
	}
	if err := q.announce(&d.Job); err != nil {
		log.Debug("announcing the job's end failed; the coordinator finds its result in the store", slog.Any("error", err))
	}
	// The job's result is in shared storage: an acknowledgement lost with
	// the connection only means the job comes back, and the worker that
	// takes it finds the result there.
	actx, acancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer acancel()
	if err := msg.DoubleAck(actx); err != nil {
		log.Warn("acknowledging the job failed; it will be delivered again and found done", slog.Any("error", err))
	}
}

// splitURLs splits a comma-separated server list.
func splitURLs(raw string) []string {
	var out []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}
