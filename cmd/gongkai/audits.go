package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/snapshot"
)

// errAuditRunning refuses an audit while another runs.
var errAuditRunning = errors.New("an audit is already running")

// scheduleAudits runs an audit at every time of the --audit-every
// schedule until ctx ends. A run still going when the next is due delays
// it (runs never overlap).
func (m *monitoring) scheduleAudits(ctx context.Context) {
	for {
		next := m.f.audits.Next(time.Now())
		m.auditMetrics.Scheduled(next, m.f.interval)
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if _, err := m.audit(ctx); err != nil && !errors.Is(err, errAuditRunning) && ctx.Err() == nil {
			m.e.logger.Error("scheduled audit failed", "err", err)
		}
	}
}

// startAudit starts an audit in the background (POST /api/v1/audits) and
// returns the id its directory will have, or errAuditRunning.
func (m *monitoring) startAudit(ctx context.Context) (string, error) {
	if !m.running.TryLock() {
		return "", errAuditRunning
	}
	m.running.Unlock()
	id := snapshot.AuditID(time.Now())
	go func() {
		if _, err := m.audit(context.WithoutCancel(ctx)); err != nil {
			m.e.logger.Error("audit failed", "err", err)
		}
	}()
	return id, nil
}

// audit runs one full audit of the sites file as it is now into the data
// directory and publishes a release, which the server then takes up. A
// sites file that no longer reads fails the audit (and the monitor keeps
// its last good list).
func (m *monitoring) audit(ctx context.Context) (string, error) {
	if !m.running.TryLock() {
		return "", errAuditRunning
	}
	defer m.running.Unlock()
	start := time.Now()
	m.auditMetrics.Started()
	id, err := m.auditOnce(ctx)
	m.auditMetrics.Finished(err, time.Since(start))
	if err == nil {
		m.e.logger.Info("audit published", "release", id, "took", time.Since(start).Round(time.Second))
	}
	return id, err
}

func (m *monitoring) auditOnce(ctx context.Context) (string, error) {
	sites, err := crawler.ReadSites(m.f.crawl.sites)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	if err := m.reloadSites(); err != nil {
		m.e.logger.Warn("sites file", "err", err)
	}
	mode, _ := crawler.ParseRenderMode(m.f.crawl.render)
	var day dateFlag
	p := pipeline{
		out:     m.data,
		asOf:    day.orToday(time.Now()),
		sites:   sites,
		catalog: m.cat,
		fetch:   m.f.crawl.fetchConfig(),
		crawl:   m.f.crawl.crawlConfig(),
		render:  mode,
		rootCAs: m.rootCAs,
		flags:   map[string]string{"command": "serve", "audit-every": m.f.auditEvery},
		observe: m.crawlMetrics,
	}
	return p.run(ctx, m.e)
}
