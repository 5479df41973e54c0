// Package crawler crawls the sites of an audit into snapshots: the sites
// file, the deterministic breadth-first frontier with its budgets and trap
// guard, page facts, link verdicts, DNS and IPv6 probes, the journal that
// makes a crawl resumable, and progress reporting. Every request goes
// through one gongkai/crawler/fetch Client.
package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"gongkai/crawler/dualstack"
	"gongkai/crawler/fetch"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// AuditConfig describes one audit run.
type AuditConfig struct {
	// Out is the output directory; the audit goes to Out/audits/<audit_id>/.
	Out string
	// AsOf fixes "today" (trap heuristics here, date rules later); zero
	// means now.
	AsOf time.Time
	// Sites are the sites to crawl (ignored on Resume: the audit's own
	// list is used).
	Sites []snapshot.Site
	// Resume continues the newest unfinished audit in Out instead of
	// starting one: sites with a final snapshot are skipped, partly crawled
	// sites continue from their journals, with the audit's recorded as-of
	// and crawl budgets.
	Resume bool
	// SiteWorkers is the number of sites crawled at once; default 4.
	SiteWorkers int
	// Timeout is the wall-clock budget of the whole audit; 0 means none.
	// When it runs out the sites under way stop as with Config.SiteTimeout
	// (their snapshots say audit_timeout), the sites not begun get a
	// snapshot saying so, and the audit is finished.
	Timeout time.Duration
	// Crawl holds the per-site budgets.
	Crawl Config
	// LinkCheck configures the audit's link checker.
	LinkCheck linkcheck.Config
	// HostShare, when set, shares the IPv4/IPv6 probes of hosts with the
	// audit's other workers (see dualstack.Share).
	HostShare dualstack.Share
	// Flags is recorded verbatim in audit.json (the command line used).
	Flags map[string]string
	// Observer receives the audit's progress as it happens (metrics); nil
	// observes nothing.
	Observer Observer
	// Join, when set, is an audit begun elsewhere (the coordinator of a
	// distributed audit, which handed this machine some of its sites as
	// jobs): Run crawls Join.Sites into Out/audits/<Join.ID>/ with Join's
	// as-of and crawl budgets, creating that directory or continuing the
	// journals left there by an earlier attempt. Sites and Resume are
	// ignored. The audit's record is the coordinator's: Run does not mark
	// the joined directory's audit.json finished.
	Join *snapshot.Audit
	// Renderer renders pages as Crawl.Render says; nil renders nothing.
	Renderer Renderer
}

// Run crawls every site of the audit into OUT/audits/<audit_id>/ and
// returns that directory. Sites are crawled SiteWorkers at a time, sharing
// one link checker and one IPv6 prober, so a URL is checked once per audit.
// A site that cannot be reached is not an error: its snapshot records the
// failure; so does a site stopped by its time or byte budget, or by the
// audit's Timeout. When ctx is cancelled Run stops promptly, gives every
// site not finished a snapshot of what it did (marked interrupted, listed
// in audit.json), and returns the directory and an error wrapping
// ErrInterrupted: the release can be published, and Resume continues the
// audit.
func Run(ctx context.Context, ac AuditConfig, client *fetch.Client, logger *slog.Logger, progress io.Writer) (string, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if client == nil {
		return "", errors.New("audit: no fetch client")
	}
	if ac.SiteWorkers == 0 {
		ac.SiteWorkers = 4
	}
	dir, audit, cfg, err := openAudit(ac, logger)
	if err != nil {
		return "", err
	}
	env := &auditEnv{
		auditID: audit.ID, dir: dir, asOf: audit.AsOf, cfg: cfg, client: client,
		checker: linkcheck.New(client, ac.LinkCheck, logger),
		prober:  dualstack.New(client, logger).WithShare(ac.HostShare),
		log:     logger.With(slog.String("audit", audit.ID)),
		observe: ac.Observer, renderer: ac.Renderer,
	}
	if env.observe == nil {
		env.observe = noObserver{}
	}
	env.observe.AuditStarted(len(audit.Sites))
	defer env.observe.AuditEnded()
	env.progress = newProgress(progress, len(audit.Sites))
	env.log.Info("audit started", slog.String("dir", dir), slog.Int("sites", len(audit.Sites)), slog.Bool("resume", ac.Resume))
	actx := ctx
	if ac.Timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeoutCause(ctx, ac.Timeout, errAuditTimeout)
		defer cancel()
	}
	errs := env.crawlSites(actx, audit.Sites, ac.SiteWorkers)
	env.progress.close()
	if err := errors.Join(errs...); err != nil {
		return dir, fmt.Errorf("audit %s: %w", audit.ID, err)
	}
	if ctx.Err() != nil {
		if err := env.publishInterrupted(audit); err != nil {
			return dir, fmt.Errorf("audit %s interrupted: %w", audit.ID, err)
		}
		env.log.Warn("audit interrupted; what was done is kept, continue it with resume", slog.String("dir", dir))
		return dir, fmt.Errorf("audit %s: %w (%w)", audit.ID, ErrInterrupted, context.Cause(ctx))
	}
	if actx.Err() != nil {
		if err := env.closeUnstarted(audit.Sites, snapshot.StatusAuditTimeout); err != nil {
			return dir, fmt.Errorf("audit %s: %w", audit.ID, err)
		}
		env.log.Warn("the audit's time budget ran out; unfinished sites are marked audit_timeout", slog.Duration("timeout", ac.Timeout))
	}
	if ac.Join == nil {
		audit.FinishedAt = time.Now().UTC()
		if err := snapshot.WriteAudit(dir, audit); err != nil {
			return dir, err
		}
	}
	env.log.Info("audit finished", slog.String("dir", dir))
	return dir, nil
}

// crawlSites crawls sites, n at a time, until ctx ends, and returns the
// errors of the sites that could not get a snapshot.
func (env *auditEnv) crawlSites(ctx context.Context, sites []snapshot.Site, n int) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, n)
	)
	for _, s := range sites {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return errs
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			env.observe.SiteStarted(s.ID)
			err := env.crawlSite(ctx, s)
			env.observe.SiteEnded(s.ID)
			if err == nil {
				env.progress.siteDone()
				return
			}
			env.log.Error("site not finished", slog.String("site", s.ID), slog.Any("error", err))
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		})
	}
	wg.Wait()
	return errs
}

// closeUnstarted gives every site without a snapshot one saying that the
// audit stopped (st) before it was crawled.
func (env *auditEnv) closeUnstarted(sites []snapshot.Site, st snapshot.Status) error {
	for _, s := range sites {
		path := snapshot.SnapshotPath(env.dir, s.ID)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := snapshot.WriteFile(path, notStarted(env.auditID, s, st)); err != nil {
			return err
		}
		env.progress.siteDone()
	}
	return nil
}

// publishInterrupted gives every site of an interrupted audit a snapshot
// in snapshots/, so that the release says what was done: the partial
// snapshot of a site under way, a "not started" one for the others. The
// sites are listed in audit.json first, so that a resumed audit (even
// after a kill in between) removes those snapshots and continues them.
func (env *auditEnv) publishInterrupted(a *snapshot.Audit) error {
	return MarkInterrupted(env.dir, a)
}

// MarkInterrupted gives every site of audit a in dir without a final
// snapshot one saying what was done (the partial snapshot of a site under
// way, a "not started" one for the others) and lists them in audit.json
// as interrupted, so that the release says what was done and a resumed
// audit continues them (Run with Resume; a distributed audit's coordinator
// publishes them again).
func MarkInterrupted(dir string, a *snapshot.Audit) error {
	var todo []snapshot.Site
	for _, s := range a.Sites {
		if _, err := os.Stat(snapshot.SnapshotPath(dir, s.ID)); err != nil {
			todo = append(todo, s)
		}
	}
	for _, s := range todo {
		a.Interrupted = append(a.Interrupted, s.ID)
	}
	if err := snapshot.WriteAudit(dir, a); err != nil {
		return err
	}
	for _, s := range todo {
		partial, final := snapshot.PartialPath(dir, s.ID), snapshot.SnapshotPath(dir, s.ID)
		err := os.Rename(partial, final)
		if errors.Is(err, fs.ErrNotExist) {
			err = snapshot.WriteFile(final, notStarted(a.ID, s, snapshot.StatusInterrupted))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// reopenInterrupted undoes publishInterrupted before a resume: the
// snapshots of the interrupted sites are removed (their journals continue
// them) and audit.json forgets the list.
func reopenInterrupted(dir string, a *snapshot.Audit) error {
	if len(a.Interrupted) == 0 {
		return nil
	}
	for _, id := range a.Interrupted {
		for _, p := range []string{snapshot.SnapshotPath(dir, id), snapshot.PartialPath(dir, id)} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("resume %s: %w", dir, err)
			}
		}
	}
	a.Interrupted = nil
	return snapshot.WriteAudit(dir, a)
}

// Begin creates the audit directory of ac, or finds the one to resume (or
// join), without crawling: the coordinator of a distributed audit begins
// the audit here and hands its sites to workers. It returns the directory,
// the audit and its effective crawl configuration (the recorded one when
// resuming).
func Begin(ac AuditConfig, log *slog.Logger) (string, *snapshot.Audit, Config, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return openAudit(ac, log)
}

// openAudit creates the audit directory, or finds the one to resume, and
// returns it with the effective crawl configuration.
func openAudit(ac AuditConfig, log *slog.Logger) (string, *snapshot.Audit, Config, error) {
	cfg := ac.Crawl
	if ac.Out == "" {
		return "", nil, cfg, errors.New("audit: no output directory")
	}
	if ac.SiteWorkers < 0 {
		return "", nil, cfg, fmt.Errorf("audit: site workers %d: want 1 or more", ac.SiteWorkers)
	}
	if ac.Join != nil {
		dir, a, err := snapshot.JoinAudit(ac.Out, ac.Join)
		if err != nil {
			return "", nil, cfg, err
		}
		return reopen(dir, a, cfg, log)
	}
	if ac.Resume {
		dir, a, err := snapshot.LatestUnfinished(ac.Out)
		if err != nil {
			return "", nil, cfg, fmt.Errorf("resume: %w", err)
		}
		return reopen(dir, a, cfg, log)
	}
	if err := cfg.Validate(); err != nil {
		return "", nil, cfg, err
	}
	if err := checkSites(ac.Sites); err != nil {
		return "", nil, cfg, err
	}
	crawl, err := json.Marshal(cfg)
	if err != nil {
		return "", nil, cfg, fmt.Errorf("audit: %w", err)
	}
	now := time.Now().UTC()
	asOf := ac.AsOf
	if asOf.IsZero() {
		asOf = now
	}
	a := &snapshot.Audit{AsOf: asOf, Flags: ac.Flags, Crawl: crawl, Sites: ac.Sites, StartedAt: now}
	dir, err := snapshot.CreateAudit(ac.Out, a)
	if err != nil {
		return "", nil, cfg, err
	}
	return dir, a, cfg, nil
}

// reopen continues audit a in dir with its recorded crawl configuration
// (cfg when it has none), its interrupted sites reopened.
func reopen(dir string, a *snapshot.Audit, cfg Config, log *slog.Logger) (string, *snapshot.Audit, Config, error) {
	if len(a.Crawl) > 0 {
		if err := json.Unmarshal(a.Crawl, &cfg); err != nil {
			return "", nil, cfg, fmt.Errorf("resume %s: crawl config: %w", dir, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return "", nil, cfg, fmt.Errorf("resume %s: %w", dir, err)
	}
	if err := reopenInterrupted(dir, a); err != nil {
		return "", nil, cfg, err
	}
	log.Info("resuming audit", slog.String("audit", a.ID))
	return dir, a, cfg, nil
}

// checkSites rejects an empty site list and duplicate or unusable ids
// (sites that did not come from ParseSites).
func checkSites(sites []snapshot.Site) error {
	if len(sites) == 0 {
		return errors.New("audit: no sites")
	}
	seen := map[string]bool{}
	for _, s := range sites {
		if !siteIDPattern.MatchString(s.ID) || seen[s.ID] {
			return fmt.Errorf("audit: site id %q is malformed or duplicated", s.ID)
		}
		seen[s.ID] = true
		if msg := checkSiteURL(s.URL); msg != "" {
			return fmt.Errorf("audit: site %s: url %q %s", s.ID, s.URL, msg)
		}
	}
	return nil
}
