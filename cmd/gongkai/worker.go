package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gongkai/api/metrics"
	"gongkai/crawler"
	"gongkai/crawler/fetch"
	"gongkai/crawler/jobqueue"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/objstore"
	"gongkai/crawler/politeness"
	"gongkai/crawler/snapshot"
)

// workerFlags are the flags of "gongkai worker": what belongs to the
// machine. The audit's own settings come with each job.
type workerFlags struct {
	queue        string
	store        string
	work         string
	resolver     string
	allowPrivate bool
	sitesAtOnce  int
	ackWait      time.Duration
	metricsAddr  string
}

func (f *workerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.queue, "queue", "", "the NATS JetStream server of the job queue, nats://`HOST:PORT` (comma-separated for a cluster)")
	fs.StringVar(&f.store, "store", "", "shared storage of the snapshots, a `URL`: a directory, file:///path or s3://bucket/prefix")
	fs.StringVar(&f.work, "work", "", "local `DIR` for the journals of the sites under way (default: a temporary directory)")
	fs.StringVar(&f.resolver, "resolver", "", "send every DNS query to `HOST:PORT`")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow loopback, private, link-local and metadata addresses")
	fs.IntVar(&f.sitesAtOnce, "sites-at-once", 4, "sites crawled at once by this worker")
	fs.DurationVar(&f.ackWait, "ack-wait", jobqueue.DefaultAckWait, "a job not acknowledged nor heartbeaten for this long goes to another worker")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve the worker's and the queue's Prometheus metrics at http://`HOST:PORT`/metrics")
}

func (f *workerFlags) validate() error {
	var errs []error
	if f.queue == "" {
		errs = append(errs, errors.New("flag --queue is required"))
	} else if err := jobqueue.CheckURL(f.queue); err != nil {
		errs = append(errs, fmt.Errorf("flag --queue: %w", err))
	}
	if f.store == "" {
		errs = append(errs, errors.New("flag --store is required"))
	} else if err := checkStoreURL("store", f.store); err != nil {
		errs = append(errs, err)
	}
	if err := checkHostPort("resolver", f.resolver); err != nil {
		errs = append(errs, err)
	}
	if err := checkHostPort("metrics-addr", f.metricsAddr); err != nil {
		errs = append(errs, err)
	}
	if f.sitesAtOnce < 1 {
		errs = append(errs, fmt.Errorf("flag --sites-at-once: want 1 or more, got %d", f.sitesAtOnce))
	}
	if f.ackWait < time.Second {
		errs = append(errs, fmt.Errorf("flag --ack-wait: want 1s or more, got %v", f.ackWait))
	}
	return errors.Join(errs...)
}

// runWorker implements "gongkai worker": take site jobs from the queue,
// crawl each into a local audit directory, put its snapshot in the shared
// store and acknowledge the job, until SIGINT or SIGTERM (the sites under
// way are given back to the queue).
func runWorker(ctx context.Context, e *env, args []string) error {
	var f workerFlags
	fs := newFlagSet("worker", e.stderr)
	f.register(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	st, err := objstore.Open(ctx, f.store)
	if err != nil {
		return err
	}
	work := f.work
	if work == "" {
		if work, err = os.MkdirTemp("", "gongkai-worker-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	host, _ := os.Hostname()
	q, err := jobqueue.Dial(ctx, jobqueue.Config{URL: f.queue, AckWait: f.ackWait, Name: fmt.Sprintf("gongkai worker %s/%d", host, os.Getpid()), Logger: e.logger})
	if err != nil {
		return err
	}
	defer q.Close()
	pol, err := politeness.Open(ctx, q.JetStream(), e.logger)
	if err != nil {
		return err
	}
	w := &worker{flags: f, e: e, store: st, work: work, polite: pol, phrases: linkcheck.DefaultPhrases(), engines: map[engineKey]*engine{}}
	defer w.close()
	if f.metricsAddr != "" {
		stop, err := w.serveMetrics(ctx, q)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(e.stderr, "worker: jobs from %s, snapshots to %s\n", f.queue, st)
	return q.Consume(ctx, f.sitesAtOnce, w.do)
}

// serveMetrics serves the worker's and the queue's metrics at
// --metrics-addr on a registry of its own, until stop.
func (w *worker) serveMetrics(ctx context.Context, q *jobqueue.Queue) (stop func(), err error) {
	reg := metrics.NewRegistry()
	if w.metrics, err = jobqueue.NewMetrics(reg, q, w.e.logger); err != nil {
		return nil, err
	}
	ln, err := listen(w.flags.metricsAddr)
	if err != nil {
		return nil, fmt.Errorf("flag --metrics-addr: %w", err)
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan error, 1)
	go func() { served <- metrics.Serve(sctx, ln, reg, w.e.logger) }()
	fmt.Fprintf(w.e.stderr, "metrics on http://%s/metrics\n", ln.Addr())
	return func() {
		cancel()
		if err := <-served; err != nil {
			w.e.logger.Warn("metrics endpoint", slog.Any("error", err))
		}
	}, nil
}

// worker does site jobs.
type worker struct {
	flags   workerFlags
	e       *env
	store   objstore.Store
	work    string
	metrics *jobqueue.Metrics // nil without --metrics-addr
	// polite is the state the cluster's workers share: request pacing per
	// host and address; robots.txt answers, link verdicts and host probes
	// per audit.
	polite *politeness.Cluster
	// phrases are the link checker's verdict data, compiled once for
	// every job (compiling them per site cost 2.5 ms of CPU).
	phrases *linkcheck.Phrases

	mu      sync.Mutex
	engines map[engineKey]*engine
}

// engineKey is what of a job's settings shapes its fetch client and
// browser; jobs that agree share them (connections, the browser). Pacing
// is the cluster's, whatever the engine; robots.txt is read per audit.
type engineKey struct {
	rate    float64
	ipRate  float64
	maxBody int64
	render  crawler.RenderMode
}

// engine is a fetch client with its browser (none when render is never).
type engine struct {
	client *fetch.Client
	rend   crawler.Renderer // nil when render is never
	stop   func()
}

// engineFor returns the engine of a job's settings, starting it once.
func (w *worker) engineFor(ctx context.Context, key engineKey) (*engine, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if eng := w.engines[key]; eng != nil {
		return eng, nil
	}
	client, err := fetch.New(fetch.Config{
		Resolver: w.flags.resolver, AllowPrivate: w.flags.allowPrivate,
		Rate: key.rate, IPRate: key.ipRate, MaxBody: key.maxBody, Logger: w.e.logger,
		Pacer: w.polite.Pacer(),
	})
	if err != nil {
		return nil, err
	}
	// The browser lives as long as the worker, not the job.
	rend, stop, err := withRenderer(context.WithoutCancel(ctx), w.e.logger, client, key.render, 0, nil)
	if err != nil {
		client.Close()
		return nil, err
	}
	eng := &engine{client: client, rend: rend, stop: stop}
	w.engines[key] = eng
	return eng, nil
}

func (w *worker) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, eng := range w.engines {
		eng.stop()
		eng.client.Close()
	}
}

// do is one delivery of a job. A site already in the store is done (the
// job came back after its acknowledgement was lost); a job delivered more
// often than its attempts allow is recorded as job_failed; any other is
// crawled, its screenshots and then its snapshot put in the store.
func (w *worker) do(ctx context.Context, d jobqueue.Delivery) error {
	start := time.Now()
	w.metrics.Started(d.Attempt)
	outcome, err := w.doJob(ctx, d)
	if err != nil {
		outcome = jobqueue.OutcomeRetried
	}
	w.metrics.Ended(outcome, time.Since(start))
	return err
}

// doJob does a job and returns its outcome.
func (w *worker) doJob(ctx context.Context, d jobqueue.Delivery) (string, error) {
	job := &d.Job
	site, auditID := job.Site(), job.Audit.ID
	log := w.e.logger.With(slog.String("audit", auditID), slog.String("site", site.ID), slog.Int("attempt", d.Attempt))
	key := snapshotKey(auditID, site.ID)
	if r, err := w.store.Get(ctx, key); err == nil {
		r.Close()
		log.Info("site already in the store")
		return jobqueue.OutcomeFound, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	out := filepath.Join(w.work, auditID+"-"+site.ID)
	if job.MaxAttempts > 0 && d.Attempt > job.MaxAttempts {
		log.Error("every attempt at the site was lost; recording it as job_failed", slog.Int("attempts", job.MaxAttempts))
		why := fmt.Sprintf("the site was not crawled: each of %d attempts by the audit's workers was lost (the worker died, was killed or failed while crawling it)", job.MaxAttempts)
		return jobqueue.OutcomeFailed, w.putFailed(ctx, out, job, why)
	}
	crawl, err := decodeCrawl(&job.Audit)
	if err != nil {
		return "", err
	}
	eng, err := w.engineFor(ctx, engineKey{rate: job.Rate, ipRate: job.IPRate, maxBody: job.MaxPageBytes, render: crawl.Render})
	if err != nil {
		return "", err
	}
	log.Info("crawling site")
	client := eng.client.ForAudit(w.polite.Robots(auditID))
	dir, err := crawler.Run(ctx, crawler.AuditConfig{
		Out: out, Join: &job.Audit, Crawl: crawl, SiteWorkers: 1, Renderer: eng.rend,
		LinkCheck: linkcheck.Config{Phrases: w.phrases, Share: w.polite.Links(auditID)}, HostShare: w.polite.Hosts(auditID),
	}, client, log, io.Discard)
	if err != nil {
		return "", err // interrupted or failed: the job goes back to the queue, the journal stays here
	}
	if err := w.putSite(ctx, dir, auditID, site.ID); err != nil {
		return "", err
	}
	return jobqueue.OutcomeCrawled, os.RemoveAll(out)
}

// putSite puts a crawled site's screenshots, then its snapshot, in the
// store.
func (w *worker) putSite(ctx context.Context, dir, auditID, siteID string) error {
	shots := filepath.Join(dir, snapshot.ShotsDir, siteID)
	err := filepath.WalkDir(shots, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(shots, p)
		if err != nil {
			return err
		}
		return objstore.PutFile(ctx, w.store, shotsPrefix(auditID, siteID)+filepath.ToSlash(rel), p)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return objstore.PutFile(ctx, w.store, snapshotKey(auditID, siteID), snapshot.SnapshotPath(dir, siteID))
}

// putFailed puts the job_failed snapshot of a job's site in the store.
func (w *worker) putFailed(ctx context.Context, out string, job *jobqueue.Job, why string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(out, "failed.json.gz")
	site := job.Site()
	if err := snapshot.WriteFile(path, crawler.FailedSnapshot(job.Audit.ID, site, why)); err != nil {
		return err
	}
	if err := objstore.PutFile(ctx, w.store, snapshotKey(job.Audit.ID, site.ID), path); err != nil {
		return err
	}
	return os.RemoveAll(out)
}
