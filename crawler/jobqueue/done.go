package jobqueue

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
)

// doneSubjectPrefix + audit id is the subject on which the end of each of
// an audit's jobs is announced (core NATS, not the stream: at most once).
const doneSubjectPrefix = "gongkai.done."

// announce tells whoever listens (the audit's coordinator) that a job's
// result is in shared storage. An announcement may be lost (nobody
// listening, a connection lost): listeners also look in the storage.
func (q *Queue) announce(job *Job) error {
	if err := q.nc.Publish(doneSubjectPrefix+job.Audit.ID, []byte(job.Site().ID)); err != nil {
		return fmt.Errorf("announce job %s: %w", job.ID(), err)
	}
	return nil
}

// Finished returns the site ids of audit's jobs as workers finish them,
// each once its result is in shared storage, until stop is called. The
// subscription is in place on the server when it returns (or, the
// connection lost, once it comes back); a job finished before, or while
// the connection was lost, is not announced here, and a job done twice
// (redelivered after a lost acknowledgement) may be announced twice.
func (q *Queue) Finished(ctx context.Context, auditID string) (sites <-chan string, stop func(), err error) {
	ch := make(chan string)
	quit := make(chan struct{})
	sub, err := q.nc.Subscribe(doneSubjectPrefix+auditID, func(m *nats.Msg) {
		select {
		case ch <- string(m.Data):
		case <-quit:
		}
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listen for the jobs of audit %s: %w", auditID, err)
	}
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := q.nc.FlushWithContext(fctx); err != nil {
		q.log.Debug("the queue server has not confirmed the subscription yet", slog.Any("error", err))
	}
	return ch, func() {
		close(quit)
		_ = sub.Unsubscribe()
	}, nil
}
