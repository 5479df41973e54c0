package crawler

import (
	"time"

	"gongkai/crawler/snapshot"
)

// Observer receives what an audit does as it happens: the crawler's own
// metrics (gongkai/crawler/crawlmetrics implements it). Its methods are
// called from the crawl's goroutines, so they must be safe for concurrent
// use and quick. AuditConfig.Observer nil observes nothing.
type Observer interface {
	// AuditStarted is called once the audit knows its sites.
	AuditStarted(sites int)
	// SiteStarted and SiteEnded bracket the work on one site, whatever its
	// outcome (SiteEnded also when the site was not finished).
	SiteStarted(siteID string)
	SiteEnded(siteID string)
	// SiteFinished is called when a site's snapshot is written, with its
	// status and how long its crawl took.
	SiteFinished(siteID string, status snapshot.Status, took time.Duration)
	// PageFetched is called for each page fetched (not for pages replayed
	// from the journal of a resumed crawl).
	PageFetched(p *snapshot.Page)
	// LinkQueued and LinkChecked count the link checks of the site's own
	// requests, queued and done (the queue depth is their difference).
	LinkQueued()
	LinkChecked(status snapshot.Status)
	// AuditEnded is called when Run returns.
	AuditEnded()
}

// noObserver observes nothing.
type noObserver struct{}

func (noObserver) AuditStarted(int)                                    {}
func (noObserver) SiteStarted(string)                                  {}
func (noObserver) SiteEnded(string)                                    {}
func (noObserver) SiteFinished(string, snapshot.Status, time.Duration) {}
func (noObserver) PageFetched(*snapshot.Page)                          {}
func (noObserver) LinkQueued()                                         {}
func (noObserver) LinkChecked(snapshot.Status)                         {}
func (noObserver) AuditEnded()                                         {}
