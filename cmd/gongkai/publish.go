package main

import (
	"context"
	"fmt"
	"time"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// judgeAndPublish is the second half of an audit, and all of a rescore:
// each final snapshot of auditDir is judged with cat as of asOf (zero: the
// audit's own as-of), with the scheduled homepage probes of out's probe log
// in the catalog's probe window before the site's crawl ended, and mapped
// to its rows, one site at a time, into a new release in out. It returns
// the release id.
func judgeAndPublish(ctx context.Context, auditDir, out string, cat *checks.Catalog, asOf time.Time, opts datasets.PublishOptions) (string, error) {
	a, err := snapshot.ReadAudit(auditDir)
	if err != nil {
		return "", fmt.Errorf("judge %s: %w", auditDir, err)
	}
	if asOf.IsZero() {
		asOf = a.AsOf
	}
	rw, err := datasets.Begin(ctx, out, datasets.Provenance{AsOf: asOf, RulesVersion: cat.Version}, opts)
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		rw.Abort()
		return "", fmt.Errorf("judge and publish %s: %w", auditDir, err)
	}
	probes, err := probeHistory(out, a, cat.ProbeWindow())
	if err != nil {
		return fail(err)
	}
	rules, err := datasets.RuleRows(cat)
	if err == nil {
		err = rw.Append(ctx, &datasets.Tables{Rules: rules})
	}
	if err != nil {
		return fail(err)
	}
	for s, err := range snapshot.Snapshots(auditDir) {
		if err != nil {
			return fail(err)
		}
		s.Probes = probesBefore(probes[s.Site.ID], s, cat.ProbeWindow())
		res := cat.Judge(s, asOf)
		if err := rw.Append(ctx, datasets.SiteTables(s, res)); err != nil {
			return fail(err)
		}
	}
	return rw.Commit(ctx)
}

// probeHistory reads the probes of out's probe log that may fall in the
// window of some site of audit a: from window before its start to its end.
func probeHistory(out string, a *snapshot.Audit, window time.Duration) (map[string][]snapshot.ProbeSample, error) {
	if window == 0 {
		return nil, nil
	}
	to := a.FinishedAt
	if to.IsZero() {
		to = time.Now()
	}
	return snapshot.ReadProbes(out, a.StartedAt.Add(-window), to)
}

// probesBefore returns the probes taken in the window before s's crawl
// ended.
func probesBefore(all []snapshot.ProbeSample, s *snapshot.Snapshot, window time.Duration) []snapshot.ProbeSample {
	end := s.FinishedAt
	if end.IsZero() {
		end = s.StartedAt
	}
	var out []snapshot.ProbeSample
	for _, p := range all {
		if p.At.After(end.Add(-window)) && !p.At.After(end) {
			out = append(out, p)
		}
	}
	return out
}
