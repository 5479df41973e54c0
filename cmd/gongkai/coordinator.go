package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/jobqueue"
	"gongkai/crawler/objstore"
	"gongkai/crawler/snapshot"
)

// The keys of a distributed audit's files in shared storage, beside the
// audit directory's own layout (snapshot.AuditsDir).
func snapshotKey(auditID, siteID string) string {
	return path.Join(snapshot.AuditsDir, auditID, snapshot.SnapshotsDir, siteID+".json.gz")
}

func snapshotsPrefix(auditID string) string {
	return path.Join(snapshot.AuditsDir, auditID, snapshot.SnapshotsDir) + "/"
}

func shotsPrefix(auditID, siteID string) string {
	return path.Join(snapshot.AuditsDir, auditID, snapshot.ShotsDir, siteID) + "/"
}

// distributed are the settings of an audit whose sites are crawled by
// workers (gongkai audit --queue).
type distributed struct {
	queue    string        // NATS server, nats://HOST:PORT
	store    string        // shared storage URL
	attempts int           // deliveries of a job before it is recorded as job_failed
	poll     time.Duration // how often the store is listed for finished sites
}

// crawlQueued is crawlAll for a distributed audit: it begins the audit
// (or resumes it) in p.out, publishes a job per site not yet done, and
// copies each site's snapshot (and screenshots) from shared storage into
// the audit directory as workers finish them, until every site has one.
// It returns the audit directory; interrupted, it marks the sites not
// done as crawler.MarkInterrupted does and returns an error wrapping
// crawler.ErrInterrupted (the jobs stay queued: --resume waits for them).
func (p pipeline) crawlQueued(ctx context.Context, e *env) (string, error) {
	st, err := objstore.Open(ctx, p.dist.store)
	if err != nil {
		return "", err
	}
	crawl := p.crawl
	crawl.Render = p.render
	dir, a, _, err := crawler.Begin(crawler.AuditConfig{
		Out: p.out, AsOf: p.asOf, Sites: p.sites, Resume: p.resume, Crawl: crawl, Flags: p.flags,
	}, e.logger)
	if err != nil {
		return "", err
	}
	log := e.logger.With(slog.String("audit", a.ID))
	q, err := jobqueue.Dial(ctx, jobqueue.Config{URL: p.dist.queue, Name: "gongkai coordinator " + a.ID, Logger: log})
	if err != nil {
		return dir, err
	}
	defer q.Close()
	c := coordinator{p: p, e: e, log: log, dir: dir, audit: a, store: st, queue: q}
	if err := c.publish(ctx); err != nil {
		return dir, c.stopped(ctx, err)
	}
	actx := ctx
	if p.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, p.timeout)
		defer cancel()
	}
	if err := c.wait(actx); err != nil {
		if ctx.Err() == nil && actx.Err() != nil {
			return dir, c.timedOut(ctx)
		}
		return dir, c.stopped(ctx, err)
	}
	a.FinishedAt = time.Now().UTC()
	if err := snapshot.WriteAudit(dir, a); err != nil {
		return dir, err
	}
	log.Info("audit finished", slog.String("dir", dir))
	return dir, nil
}

// coordinator is the state of one distributed audit.
type coordinator struct {
	p     pipeline
	e     *env
	log   *slog.Logger
	dir   string
	audit *snapshot.Audit
	store objstore.Store
	queue *jobqueue.Queue
}

// publish queues a job for every site without a snapshot here or in the
// store. A job already queued (a resumed coordinator) is not queued
// twice: its message id is the same.
func (c *coordinator) publish(ctx context.Context) error {
	done, err := c.finishedInStore(ctx)
	if err != nil {
		return err
	}
	template := *c.audit
	template.Sites, template.Interrupted, template.FinishedAt = nil, nil, time.Time{}
	queued, again := 0, 0
	for _, s := range c.audit.Sites {
		if c.haveLocal(s.ID) || done[s.ID] {
			continue
		}
		job := &jobqueue.Job{
			Audit:        template,
			Rate:         c.p.fetch.Rate,
			IPRate:       c.p.fetch.IPRate,
			MaxPageBytes: c.p.fetch.MaxBody,
			RulesVersion: c.p.catalog.Version,
			MaxAttempts:  c.p.dist.attempts,
		}
		job.Audit.Sites = []snapshot.Site{s}
		ok, err := c.queue.Publish(ctx, job)
		if err != nil {
			return err
		}
		if ok {
			queued++
		} else {
			again++
		}
	}
	c.log.Info("jobs published", slog.Int("queued", queued), slog.Int("already_queued", again), slog.Int("done", len(done)))
	fmt.Fprintf(c.e.stderr, "audit %s: %d sites queued on %s, %d already queued, %d done; snapshots in %s\n",
		c.audit.ID, queued, c.p.dist.queue, again, len(done), c.store)
	return nil
}

// finishedInStore returns the sites whose snapshot is in the store.
func (c *coordinator) finishedInStore(ctx context.Context) (map[string]bool, error) {
	keys, err := c.store.List(ctx, snapshotsPrefix(c.audit.ID))
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, k := range keys {
		if id, ok := strings.CutSuffix(path.Base(k), ".json.gz"); ok {
			done[id] = true
		}
	}
	return done, nil
}

func (c *coordinator) haveLocal(siteID string) bool {
	_, err := os.Stat(snapshot.SnapshotPath(c.dir, siteID))
	return err == nil
}

// wait copies finished sites from the store until every site of the
// audit has its snapshot here, listing the store every poll.
func (c *coordinator) wait(ctx context.Context) error {
	want := map[string]bool{}
	for _, s := range c.audit.Sites {
		if !c.haveLocal(s.ID) {
			want[s.ID] = true
		}
	}
	total := len(c.audit.Sites)
	for {
		done, err := c.finishedInStore(ctx)
		if err != nil && ctx.Err() == nil {
			c.log.Warn("listing the store failed, retrying", slog.Any("error", err))
		}
		n := 0
		for id := range done {
			if !want[id] {
				continue
			}
			if err := c.fetchSite(ctx, id); err != nil {
				return err
			}
			delete(want, id)
			n++
		}
		if n > 0 {
			fmt.Fprintf(c.e.stderr, "%d/%d sites\n", total-len(want), total)
		}
		if len(want) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(c.p.dist.poll):
		}
	}
}

// fetchSite copies a site's screenshots and snapshot from the store into
// the audit directory, the snapshot last (its presence says the site is
// done). A snapshot of another audit is refused.
func (c *coordinator) fetchSite(ctx context.Context, siteID string) error {
	shots, err := c.store.List(ctx, shotsPrefix(c.audit.ID, siteID))
	if err != nil {
		return err
	}
	for _, k := range shots {
		local := filepath.Join(c.dir, snapshot.ShotsDir, siteID, filepath.FromSlash(strings.TrimPrefix(k, shotsPrefix(c.audit.ID, siteID))))
		if err := objstore.GetFile(ctx, c.store, k, local); err != nil {
			return err
		}
	}
	tmp := snapshot.PartialPath(c.dir, siteID) + ".fetch"
	if err := objstore.GetFile(ctx, c.store, snapshotKey(c.audit.ID, siteID), tmp); err != nil {
		return err
	}
	s, err := snapshot.ReadFile(tmp)
	if err == nil && (s.AuditID != c.audit.ID || s.Site.ID != siteID) {
		err = fmt.Errorf("snapshot of site %s in audit %s says site %s, audit %s", siteID, c.audit.ID, s.Site.ID, s.AuditID)
	}
	if err == nil {
		err = os.Rename(tmp, snapshot.SnapshotPath(c.dir, siteID))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("fetch site %s: %w", siteID, err)
	}
	c.log.Info("site done", slog.String("site", siteID), slog.String("status", string(s.Status)))
	return nil
}

// stopped ends an audit whose wait failed: interrupted (ctx ended), the
// sites not done are marked so and --resume continues them.
func (c *coordinator) stopped(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	if merr := crawler.MarkInterrupted(c.dir, c.audit); merr != nil {
		return fmt.Errorf("audit %s interrupted: %w", c.audit.ID, merr)
	}
	c.log.Warn("audit interrupted; the jobs stay queued and --resume waits for them", slog.String("dir", c.dir))
	return fmt.Errorf("audit %s: %w (%w)", c.audit.ID, crawler.ErrInterrupted, context.Cause(ctx))
}

// timedOut ends an audit whose --timeout ran out: the jobs still queued
// are dropped and the sites not done are marked audit_timeout.
func (c *coordinator) timedOut(ctx context.Context) error {
	if err := c.queue.Drop(ctx, c.audit.ID); err != nil {
		c.log.Warn("dropping the audit's jobs", slog.Any("error", err))
	}
	if err := crawler.CloseTimedOut(c.dir, c.audit); err != nil {
		return err
	}
	c.log.Warn("the audit's time budget ran out; unfinished sites are marked audit_timeout", slog.Duration("timeout", c.p.timeout))
	c.audit.FinishedAt = time.Now().UTC()
	return snapshot.WriteAudit(c.dir, c.audit)
}

// decodeCrawl reads the crawl configuration an audit records.
func decodeCrawl(a *snapshot.Audit, into *crawler.Config) error {
	if len(a.Crawl) == 0 {
		return errors.New("the job's audit records no crawl configuration")
	}
	return json.Unmarshal(a.Crawl, into)
}
