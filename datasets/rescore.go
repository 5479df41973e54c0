package datasets

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
)

// AuditSnapshots yields the final snapshots of an audit directory in
// site_id order, reading one file at a time.
func AuditSnapshots(auditDir string) iter.Seq2[*snapshot.Snapshot, error] {
	return func(yield func(*snapshot.Snapshot, error) bool) {
		dir := filepath.Join(auditDir, snapshot.SnapshotsDir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			yield(nil, fmt.Errorf("read snapshots: %w", err))
			return
		}
		var ids []string
		for _, e := range entries {
			if id, ok := strings.CutSuffix(e.Name(), ".json.gz"); ok && !e.IsDir() {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			s, err := snapshot.ReadFile(snapshot.SnapshotPath(auditDir, id))
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
}

// Rescore judges the snapshots of an audit directory again, with cat and
// asOf (zero: the audit's own as-of), and publishes the result as a new
// release in DIR/releases. The same snapshots, catalog and as-of give
// byte-identical tables.
func Rescore(ctx context.Context, auditDir, dir string, cat *checks.Catalog, asOf time.Time, meta Meta) (string, error) {
	a, err := snapshot.ReadAudit(auditDir)
	if err != nil {
		return "", fmt.Errorf("rescore %s: %w", auditDir, err)
	}
	if asOf.IsZero() {
		asOf = a.AsOf
	}
	id, err := PublishSnapshots(ctx, dir, AuditSnapshots(auditDir), cat, asOf, meta)
	if err != nil {
		return "", fmt.Errorf("rescore %s: %w", auditDir, err)
	}
	return id, nil
}
