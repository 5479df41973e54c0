package crawler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// ErrInterrupted is wrapped by the error of Run when its context was
// cancelled (SIGINT, SIGTERM): every site still has a snapshot, those not
// finished marked interrupted, and Resume continues them.
var ErrInterrupted = errors.New("audit interrupted")

// The causes a site's context ends with, besides its parent's cancellation.
var (
	errSiteTimeout  = errors.New("site time budget ran out")
	errSiteBytes    = errors.New("site byte budget spent")
	errAuditTimeout = errors.New("audit time budget ran out")
)

// stopStatus says why ctx ended: the site's or the audit's budget, or an
// interruption.
func stopStatus(ctx context.Context) snapshot.Status {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errSiteTimeout):
		return snapshot.StatusSiteTimeout
	case errors.Is(cause, errSiteBytes):
		return snapshot.StatusSiteTooLarge
	case errors.Is(cause, errAuditTimeout):
		return snapshot.StatusAuditTimeout
	}
	return snapshot.StatusInterrupted
}

// budget returns the site's context: ended by the site's time budget, by
// its byte budget (the Meter every request of the site is counted by), or
// by its parent. stop releases it.
func (c *siteCrawl) budget(ctx context.Context) (sctx context.Context, stop func()) {
	sctx, cancel := context.WithCancelCause(ctx)
	stops := []func(){func() { cancel(nil) }}
	if c.cfg.SiteTimeout > 0 {
		var cancelT context.CancelFunc
		sctx, cancelT = context.WithTimeoutCause(sctx, c.cfg.SiteTimeout, errSiteTimeout)
		stops = append(stops, cancelT)
	}
	c.meter = fetch.NewMeter(c.cfg.MaxBytes, func() { cancel(errSiteBytes) })
	return fetch.WithMeter(sctx, c.meter), func() {
		for _, s := range stops {
			s()
		}
	}
}

// stopped describes the early end of the site's crawl, ctx being its ended
// context.
func (c *siteCrawl) stopped(ctx context.Context) *snapshot.Stop {
	st := stopStatus(ctx)
	what := fmt.Sprintf("%d pages fetched", c.stats.PagesFetched)
	var why string
	switch st {
	case snapshot.StatusSiteTimeout:
		why = fmt.Sprintf("the site's time budget of %v ran out", c.cfg.SiteTimeout)
	case snapshot.StatusSiteTooLarge:
		why = fmt.Sprintf("the site's byte budget of %s was received", sizeText(c.cfg.MaxBytes))
	case snapshot.StatusAuditTimeout:
		why = "the audit's time budget ran out"
	default:
		why = "the audit was interrupted (--resume continues it)"
	}
	return &snapshot.Stop{Status: st, Phase: c.phase, Error: fmt.Sprintf("%s during %s, %s", why, c.phase, what)}
}

// FailedSnapshot is the snapshot of a site whose every crawl attempt was
// lost (a distributed audit's workers died or failed at it): status
// job_failed, with why (the attempts and the last error) as its error, and
// no score.
func FailedSnapshot(auditID string, site snapshot.Site, why string) *snapshot.Snapshot {
	s := notStarted(auditID, site, snapshot.StatusJobFailed)
	s.Error, s.Home.Error, s.Stopped.Error = why, why, why
	return s
}

// notStarted is the snapshot of a site the audit stopped before it began.
func notStarted(auditID string, site snapshot.Site, st snapshot.Status) *snapshot.Snapshot {
	why := "the audit's time budget ran out before the site was crawled"
	if st == snapshot.StatusInterrupted {
		why = "the audit was interrupted before the site was crawled (--resume continues it)"
	}
	now := time.Now().UTC()
	return &snapshot.Snapshot{
		Version: snapshot.Version, AuditID: auditID, Site: site, StartedAt: now, FinishedAt: now,
		Status: st, Error: why, Home: snapshot.HomeProbe{URL: site.URL, Status: st, Error: why},
		Stopped: &snapshot.Stop{Status: st, Phase: snapshot.PhaseCrawl, Error: why},
		Pages:   []snapshot.Page{}, Links: []snapshot.Link{}, Hosts: []snapshot.Host{},
	}
}

// capLog collects the caps a site ran into; safe for concurrent use (link
// checks add to it).
type capLog struct {
	mu   sync.Mutex
	caps []snapshot.Cap
	n    map[string]int
}

// add records one capped event; the first of a name keeps its detail,
// later ones are counted.
func (l *capLog) add(name, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == nil {
		l.n = map[string]int{}
	}
	if l.n[name]++; l.n[name] == 1 {
		l.caps = append(l.caps, snapshot.Cap{Name: name, Detail: detail})
	}
}

// list returns the caps, a count appended to those hit more than once.
func (l *capLog) list() []snapshot.Cap {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]snapshot.Cap, len(l.caps))
	for i, c := range l.caps {
		if n := l.n[c.Name]; n > 1 {
			c.Detail = fmt.Sprintf("%s (and %d more)", c.Detail, n-1)
		}
		out[i] = c
	}
	return out
}

// CloseTimedOut gives every site of audit a in dir without a final
// snapshot one saying that the audit's time budget ran out before it was
// crawled (audit_timeout): what the coordinator of a distributed audit
// does when its --timeout ends the wait for its workers.
func CloseTimedOut(dir string, a *snapshot.Audit) error {
	for _, s := range a.Sites {
		path := snapshot.SnapshotPath(dir, s.ID)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := snapshot.WriteFile(path, notStarted(a.ID, s, snapshot.StatusAuditTimeout)); err != nil {
			return err
		}
	}
	return nil
}
