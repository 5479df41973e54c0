// Package jobqueue carries the per-site jobs of a distributed audit on a
// NATS JetStream work-queue stream: the coordinator publishes one job per
// site, any number of workers take them, crawl the site and acknowledge
// the job once its snapshot is in shared storage. Jobs are de-duplicated
// by message id (audit and site), so an audit published again (a resumed
// coordinator) does not queue a site twice; a job not acknowledged within
// the ack wait (the worker died, or lost its connection) is delivered
// again, and a worker at a long site keeps its job with in-progress
// heartbeats. The end of each job is announced on a plain NATS subject,
// so that the coordinator takes the result at once instead of at its
// next look into the storage.
package jobqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"gongkai/crawler/snapshot"
)

// The names of the queue on the NATS server.
const (
	// Stream is the JetStream stream of jobs (work-queue retention: a job
	// leaves the stream when a worker acknowledges it).
	Stream = "GONGKAI_JOBS"
	// Consumer is the durable consumer every worker pulls from.
	Consumer = "gongkai-workers"
	// subjectPrefix + audit id is the subject of an audit's jobs.
	subjectPrefix = "gongkai.jobs."
)

// Defaults of the queue's settings.
const (
	DefaultAckWait     = time.Minute
	DefaultMaxAttempts = 3
	// DuplicateWindow is how long a job's message id is remembered: a job
	// published again within it (a coordinator resumed) is dropped.
	DuplicateWindow = 24 * time.Hour
	// maxDeliver bounds the deliveries of any message, a guard beyond the
	// job's own MaxAttempts (which the worker enforces by recording a
	// failure): a message the worker cannot even decode is not delivered
	// for ever.
	maxDeliver = 20
)

// Job is one site of a distributed audit: the audit's own settings (id,
// as-of, crawl budgets and render mode in Audit.Crawl, the politeness and
// size settings of its fetches) travel with it; what belongs to the
// machine (resolver, private addresses, storage, browser) is the worker's.
type Job struct {
	// Audit is the coordinator's audit with Sites holding the one site.
	Audit snapshot.Audit `json:"audit"`
	// Rate is the requests per second per host (negative: unlimited, 0:
	// the fetch client's default).
	Rate float64 `json:"rate"`
	// IPRate is the requests per second per IP address (negative: no
	// per-address limit, 0: the fetch client's default).
	IPRate float64 `json:"ip_rate,omitempty"`
	// MaxPageBytes is the decoded bytes kept per response.
	MaxPageBytes int64 `json:"max_page_bytes"`
	// RulesVersion is the catalog version the coordinator will judge with
	// (recorded for the logs; the worker does not judge).
	RulesVersion string `json:"rules_version,omitempty"`
	// MaxAttempts is how many deliveries may try the site; the one after
	// the last records the site as job_failed.
	MaxAttempts int `json:"max_attempts"`
}

// Site returns the job's site.
func (j *Job) Site() snapshot.Site {
	if len(j.Audit.Sites) == 0 {
		return snapshot.Site{}
	}
	return j.Audit.Sites[0]
}

// ID is the job's message id: audit and site.
func (j *Job) ID() string { return j.Audit.ID + "." + j.Site().ID }

// Config configures a connection to the queue.
type Config struct {
	// URL is the NATS server, nats://HOST:PORT (several may be given,
	// comma-separated, for a cluster).
	URL string
	// AckWait is how long a delivered job may go without an
	// acknowledgement or heartbeat before it is delivered again; default
	// DefaultAckWait. It is the consumer's, set by whoever connects last.
	AckWait time.Duration
	// Name names the connection on the server (the worker's host name).
	Name   string
	Logger *slog.Logger
}

// Queue is a connection to the job queue.
type Queue struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	ackWait time.Duration
	log     *slog.Logger
}

// Dial connects to the NATS server of cfg, reconnecting for ever when the
// connection is lost, and makes sure the stream and consumer exist.
func Dial(ctx context.Context, cfg Config) (*Queue, error) {
	if err := CheckURL(cfg.URL); err != nil {
		return nil, err
	}
	if cfg.AckWait == 0 {
		cfg.AckWait = DefaultAckWait
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(cfg.URL,
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn("lost the queue server, reconnecting", slog.Any("error", err))
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Warn("reconnected to the queue server", slog.String("url", c.ConnectedUrlRedacted()))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", cfg.URL, err)
	}
	q := &Queue{nc: nc, js: js, ackWait: cfg.AckWait, log: log}
	if err := q.declare(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", cfg.URL, err)
	}
	return q, nil
}

// CheckURL validates a --queue value: nats://HOST:PORT, several
// comma-separated for a cluster.
func CheckURL(raw string) error {
	for _, one := range splitURLs(raw) {
		u, err := url.Parse(one)
		if err != nil || u.Scheme != "nats" || u.Hostname() == "" || u.Port() == "" {
			return fmt.Errorf("queue %q: want nats://HOST:PORT", raw)
		}
	}
	return nil
}

// declare creates or updates the stream and the workers' consumer.
func (q *Queue) declare(ctx context.Context) error {
	s, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        Stream,
		Description: "gongkai: one job per site of a distributed audit",
		Subjects:    []string{subjectPrefix + ">"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  DuplicateWindow,
	})
	if err != nil {
		return fmt.Errorf("declare stream %s: %w", Stream, err)
	}
	_, err = s.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       Consumer,
		Description:   "gongkai workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.ackWait,
		MaxDeliver:    maxDeliver,
		MaxAckPending: -1,
		FilterSubject: subjectPrefix + ">",
	})
	if err != nil {
		return fmt.Errorf("declare consumer %s: %w", Consumer, err)
	}
	return nil
}

// JetStream returns the queue's JetStream context, for the other shared
// state of a cluster (crawler/politeness).
func (q *Queue) JetStream() jetstream.JetStream { return q.js }

// Close ends the connection.
func (q *Queue) Close() { q.nc.Close() }

// Publish queues job, retrying while the server is unreachable until ctx
// ends. A job whose id was published within DuplicateWindow is not queued
// again; Publish reports whether it was.
func (q *Queue) Publish(ctx context.Context, job *Job) (queued bool, err error) {
	data, err := json.Marshal(job)
	if err != nil {
		return false, fmt.Errorf("publish job %s: %w", job.ID(), err)
	}
	msg := &nats.Msg{Subject: subjectPrefix + job.Audit.ID, Data: data}
	for {
		ack, err := q.js.PublishMsg(ctx, msg, jetstream.WithMsgID(job.ID()))
		if err == nil {
			return !ack.Duplicate, nil
		}
		if ctx.Err() != nil {
			return false, fmt.Errorf("publish job %s: %w", job.ID(), context.Cause(ctx))
		}
		q.log.Warn("publishing a job failed, retrying", slog.String("job", job.ID()), slog.Any("error", err))
		if !sleep(ctx, 500*time.Millisecond) {
			return false, fmt.Errorf("publish job %s: %w", job.ID(), context.Cause(ctx))
		}
	}
}

// Drop removes the jobs of audit still queued (not those under way): the
// coordinator calls it when the audit ends before its sites are done.
func (q *Queue) Drop(ctx context.Context, auditID string) error {
	s, err := q.js.Stream(ctx, Stream)
	if err == nil {
		err = s.Purge(ctx, jetstream.WithPurgeSubject(subjectPrefix+auditID))
	}
	if err != nil {
		return fmt.Errorf("drop the jobs of audit %s: %w", auditID, err)
	}
	return nil
}

// Stats are the queue's figures, for /metrics.
type Stats struct {
	Pending     uint64 // jobs queued, not yet delivered
	InFlight    int    // jobs delivered and not yet acknowledged
	Redelivered int    // jobs delivered more than once and not yet acknowledged
}

// Stats reads the consumer's figures from the server.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	c, err := q.js.Consumer(ctx, Stream, Consumer)
	if err != nil {
		return Stats{}, fmt.Errorf("queue stats: %w", err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("queue stats: %w", err)
	}
	return Stats{Pending: info.NumPending, InFlight: info.NumAckPending, Redelivered: info.NumRedelivered}, nil
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// errDecode marks a message that is not a job.
var errDecode = errors.New("not a job")
