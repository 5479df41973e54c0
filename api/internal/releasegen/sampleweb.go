package releasegen

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// SampleWebAudit is the stored audit of the built-in sample web (every
// site, rendering on) that cmd/gongkai's golden release test judges.
func SampleWebAudit() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "cmd", "gongkai", "testdata", "sampleweb", "audit")
}

// SampleWeb judges the stored sample-web snapshots with the embedded
// catalog as of the audit's date and publishes them in dir, as `gongkai
// rescore` would; it returns the release id. created fixes the creation
// time (zero: now).
func SampleWeb(ctx context.Context, dir string, created time.Time) (string, error) {
	audit := SampleWebAudit()
	a, err := snapshot.ReadAudit(audit)
	if err != nil {
		return "", err
	}
	cat := checks.Default()
	rw, err := datasets.Begin(ctx, dir, datasets.Provenance{AsOf: a.AsOf, RulesVersion: cat.Version},
		datasets.PublishOptions{SoftwareVersion: "releasegen", Created: created})
	if err != nil {
		return "", err
	}
	defer rw.Abort()
	rules, err := datasets.RuleRows(cat)
	if err != nil {
		return "", err
	}
	if err := rw.Append(ctx, &datasets.Tables{Rules: rules}); err != nil {
		return "", err
	}
	for s, err := range snapshot.Snapshots(audit) {
		if err != nil {
			return "", fmt.Errorf("sample web: %w", err)
		}
		if err := rw.Append(ctx, datasets.SiteTables(s, cat.Judge(s, a.AsOf))); err != nil {
			return "", err
		}
	}
	return rw.Commit(ctx)
}
