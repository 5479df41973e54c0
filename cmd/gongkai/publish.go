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
// audit's own as-of) and mapped to its rows, one site at a time, into a new
// release in out. It returns the release id.
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
		res := cat.Judge(s, asOf)
		if err := rw.Append(ctx, datasets.SiteTables(s, res)); err != nil {
			return fail(err)
		}
	}
	return rw.Commit(ctx)
}
