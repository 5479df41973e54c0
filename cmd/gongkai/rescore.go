package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// runRescore implements "gongkai rescore": judge stored snapshots again
// with another catalog or date, without crawling, and publish a release.
func runRescore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("rescore", e.stderr)
	out := fs.String("out", "", "output `DIR` holding audits/ and releases/")
	auditID := fs.String("audit", "", "audit `ID` to re-judge (default: the newest finished audit)")
	rules := fs.String("rules", "", "rule catalog `FILE` (default: the embedded catalog)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "date `YYYY-MM-DD` for every date rule (default: the audit's own)")
	publish := fs.String("publish", "", publishUsage)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("flag --out is required")
	}
	if err := checkStoreURL("publish", *publish); err != nil {
		return err
	}
	cat, err := loadCatalog(*rules)
	if err != nil {
		return err
	}
	auditDir, err := findAudit(*out, *auditID)
	if err != nil {
		return err
	}
	pub, err := openPublisher(ctx, *publish)
	if err != nil {
		return err
	}
	id, err := judgeAndPublish(ctx, auditDir, *out, cat, asOf.t, datasets.PublishOptions{SoftwareVersion: version, Logger: e.logger})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "audit   %s\nrelease %s\n", auditDir, filepath.Join(*out, "releases", id))
	if err := printScores(e.stdout, *out, id); err != nil || pub == nil {
		return err
	}
	return pub.push(ctx, e, *out)
}

// findAudit returns the directory of audit id in out, or of the newest
// finished audit when id is empty.
func findAudit(out, id string) (string, error) {
	if id != "" {
		dir := filepath.Join(out, "audits", id)
		if _, err := snapshot.ReadAudit(dir); err != nil {
			return "", err
		}
		return dir, nil
	}
	matches, _ := filepath.Glob(filepath.Join(out, "audits", "*"))
	var best string
	var bestAt time.Time
	for _, dir := range matches {
		a, err := snapshot.ReadAudit(dir)
		if err != nil || !a.Finished() {
			continue
		}
		if best == "" || a.StartedAt.After(bestAt) {
			best, bestAt = dir, a.StartedAt
		}
	}
	if best == "" {
		return "", fmt.Errorf("no finished audit in %s", filepath.Join(out, "audits"))
	}
	return best, nil
}
