package crawler

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"gongkai/crawler/dualstack"
	"gongkai/crawler/fetch"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// auditEnv is what every site crawl of one audit shares.
type auditEnv struct {
	auditID  string
	dir      string
	asOf     time.Time
	cfg      Config
	client   *fetch.Client
	checker  *linkcheck.Checker
	prober   *dualstack.Prober
	log      *slog.Logger
	progress *progress
	observe  Observer
	renderer Renderer // nil renders nothing
}

// siteCrawl is the state of crawling one site. Only page processing
// (emit) and level admission touch the frontier, the link log and the
// link budget, and they run on one goroutine; the link table, the link
// queue and the journal are safe for concurrent use.
type siteCrawl struct {
	env      *auditEnv
	cfg      Config
	site     snapshot.Site
	log      *slog.Logger
	journal  *snapshot.Journal
	frontier *frontier  // which links are crawled as pages
	links    *siteLinks // every link referenced, its verdict and its check
	scope    *scope
	guides   guideHosts // hosts of service-guide platforms followed beyond the scope
	replay   *replay

	home    string // normalised homepage URL
	tlsErr  string // why the https homepage failed, when the site is crawled over http
	meter   *fetch.Meter
	phase   string // the phase running: snapshot.PhaseCrawl, PhaseLinks, PhaseProbes
	caps    capLog
	started time.Time
	homeRec *snapshot.SiteHome
	ipv6    *snapshot.IPv6
	hosts   map[string]snapshot.Host
	order   []int64 // journal offsets of the processed pages, in crawl order
	stats   snapshot.Stats

	errMu sync.Mutex
	err   error
}

// crawlSite crawls one site into its final snapshot, resuming from its
// journal when there is one. A site that cannot be reached still gets a
// snapshot; an error means the snapshot could not be made (cancelled, disk).
func (env *auditEnv) crawlSite(ctx context.Context, site snapshot.Site) error {
	log := env.log.With(slog.String("site", site.ID))
	final := snapshot.SnapshotPath(env.dir, site.ID)
	jpath := snapshot.JournalPath(env.dir, site.ID)
	if _, err := os.Stat(final); err == nil {
		log.Info("site already has a snapshot, skipped")
		os.Remove(jpath) // left behind if killed between commit and clean-up
		return nil
	}
	home, ok := urls.Normalize(nil, site.URL)
	if !ok {
		home = site.URL
	}
	guides, err := compileGuideHosts(env.cfg.GuideHosts)
	if err != nil {
		return fmt.Errorf("crawl site %s: %w", site.ID, err)
	}
	c := &siteCrawl{
		env: env, cfg: env.cfg, site: site, log: log,
		links: newSiteLinks(env.cfg.MaxLinks, env.observe), scope: newScope(home), guides: guides, home: home,
		hosts: map[string]snapshot.Host{},
	}
	c.frontier = newFrontier(env.cfg, env.asOf, c.onGuideHost)
	defer c.close()
	if env.renderer != nil {
		defer env.renderer.CloseSite(site.ID)
	}
	if err := c.open(jpath); err != nil {
		return fmt.Errorf("crawl site %s: %w", site.ID, err)
	}
	log.Info("crawling site", slog.String("url", home), slog.Bool("resumed", c.replay != nil))
	sctx, release := c.budget(ctx)
	err = c.run(sctx)
	var stop *snapshot.Stop
	if err != nil && sctx.Err() != nil {
		stop = c.stopped(sctx)
	}
	release()
	switch {
	case stop == nil && err != nil:
		return fmt.Errorf("crawl site %s: %w", site.ID, err)
	case stop != nil:
		log.Warn("site stopped early", slog.String("status", string(stop.Status)), slog.String("phase", stop.Phase))
		c.links.setUnchecked("not checked: " + string(stop.Status))
		if stop.Status == snapshot.StatusInterrupted {
			// Published as it is, and continued from the journal by --resume.
			final = snapshot.PartialPath(env.dir, site.ID)
		}
	}
	if err := c.finish(final, jpath, stop); err != nil {
		return fmt.Errorf("crawl site %s: %w", site.ID, err)
	}
	return nil
}

// open replays the journal at jpath, if any, and opens it and the link
// log for writing.
func (c *siteCrawl) open(jpath string) error {
	if err := c.load(jpath); err != nil {
		return err
	}
	j, err := snapshot.OpenJournal(jpath, c.cfg.SyncEvery)
	if err != nil {
		return err
	}
	c.journal = j
	if err := c.links.open(strings.TrimSuffix(jpath, ".jsonl") + ".links"); err != nil {
		return err
	}
	if c.started.IsZero() {
		c.started = time.Now().UTC()
		_, err = j.Append(snapshot.Entry{Start: &snapshot.SiteStart{StartedAt: c.started}})
	}
	return err
}

// close releases the files open does.
func (c *siteCrawl) close() {
	c.replay.close()
	if c.journal != nil {
		c.journal.Close()
	}
	c.links.close()
}

// run crawls, checks links and probes hosts, recording in c.phase the
// phase under way. Every goroutine it starts has ended when it returns.
func (c *siteCrawl) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.phase = snapshot.PhaseCrawl
	c.links.start(ctx, c.cfg.LinkWorkers, c.checkLink)
	err := c.crawl(ctx)
	if err == nil {
		c.phase = snapshot.PhaseLinks
		err = c.links.checkRest()
	}
	if err != nil {
		cancel()
	}
	c.links.wait()
	if err == nil {
		err = c.firstErr()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		c.phase = snapshot.PhaseProbes
		err = c.probe(ctx)
	}
	return err
}

// fail records an error of a background task (link checks).
func (c *siteCrawl) fail(err error) {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	if c.err == nil {
		c.err = err
	}
}

func (c *siteCrawl) firstErr() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	return c.err
}

// finish writes the snapshot to path, streaming pages from the journal
// and links from the table, and removes the journal unless the site was
// interrupted (stop says why it ended early; nil when it did not).
func (c *siteCrawl) finish(path, jpath string, stop *snapshot.Stop) (err error) {
	if err := c.journal.Sync(); err != nil {
		return err
	}
	s := &snapshot.Snapshot{
		Version: snapshot.Version, AuditID: c.env.auditID, Site: c.site,
		StartedAt: c.started, FinishedAt: time.Now().UTC(),
		Hosts: sortedHosts(c.hosts), Stopped: stop, Caps: c.caps.list(),
	}
	switch {
	case c.homeRec != nil:
		s.Status, s.Error, s.Home = c.homeRec.Status, c.homeRec.Error, c.homeRec.Probe
	case stop != nil:
		s.Status, s.Error = stop.Status, stop.Error
		s.Home = snapshot.HomeProbe{URL: c.home, Status: stop.Status, Error: "homepage not fetched: " + stop.Error}
	default:
		s.Status, s.Error = snapshot.StatusNotChecked, "homepage not fetched"
	}
	c.stats.BytesFetched = c.meter.Bytes()
	if c.ipv6 != nil {
		s.IPv6 = *c.ipv6
	}
	if c.stats.LinksChecked, err = c.links.countChecked(); err != nil {
		return err
	}
	s.Stats = c.stats
	err = snapshot.WriteFileFrom(path, s, snapshot.Stream{
		Pages: c.journalPages(jpath),
		Links: c.links.items(),
	})
	if err != nil {
		return err
	}
	c.env.observe.SiteFinished(c.site.ID, s.Status, s.FinishedAt.Sub(s.StartedAt))
	c.log.Info("site done", slog.String("status", string(s.Status)), slog.Int("pages", c.stats.PagesFetched),
		slog.Int("links_checked", c.stats.LinksChecked), slog.Bool("budget_exhausted", c.stats.BudgetExhausted))
	if err := c.journal.Close(); err != nil {
		return err
	}
	if stop != nil && stop.Status == snapshot.StatusInterrupted {
		return nil
	}
	if err := os.Remove(jpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
