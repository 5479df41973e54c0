package hostileweb

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/snapshot"
)

// TestAuditTimeout: when the audit's own budget runs out, the site under
// way is closed with what it gathered (audit_timeout), the sites not begun
// get a row saying so, and the audit is finished: every site has a
// snapshot, Run returns no error.
func TestAuditTimeout(t *testing.T) {
	w := startWeb(t)
	cfg := hostileConfig()
	out := t.TempDir()
	start := time.Now()
	snaps, err := audit(t, w, cfg, crawler.AuditConfig{Out: out, SiteWorkers: 1, Timeout: 8 * time.Second},
		"normal", "trickle", "tarpit", "robots-500")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if took := time.Since(start); took > cfg.SiteTimeout {
		t.Errorf("took %v: the audit's budget did not end it", took)
	}
	want := map[string]snapshot.Status{"normal": snapshot.StatusOK, "trickle": snapshot.StatusAuditTimeout,
		"tarpit": snapshot.StatusAuditTimeout, "robots-500": snapshot.StatusAuditTimeout}
	for id, st := range want {
		s := snaps[id]
		if s == nil {
			t.Errorf("%s: no snapshot", id)
			continue
		}
		if got, detail := s.CrawlStatus(); got != st {
			t.Errorf("%s: %s (%s), want %s", id, got, detail, st)
		}
	}
	if s := snaps["trickle"]; s != nil && (len(s.Pages) != 1 || s.Status != snapshot.StatusOK) {
		t.Errorf("trickle: %d pages, home %s; want its homepage kept", len(s.Pages), s.Status)
	}
	a, err := readAudit(out)
	if err != nil || !a.Finished() || len(a.Interrupted) != 0 {
		t.Errorf("audit %+v %v: want finished, nothing to resume", a, err)
	}
}

// TestInterruptedAudit: cancelling Run (a signal) keeps what was done as
// snapshots marked interrupted, listed for resume, and the error says so.
func TestInterruptedAudit(t *testing.T) {
	w := startWeb(t)
	cfg := hostileConfig()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	var sites []snapshot.Site
	for _, id := range []string{"trickle", "tarpit"} {
		s, _ := w.Site(id)
		sites = append(sites, snapshot.Site{ID: s.ID, Name: s.Name, URL: s.URL, Kind: "portal"})
	}
	_, err := crawler.Run(ctx, crawler.AuditConfig{Out: out, Sites: sites, Crawl: cfg, SiteWorkers: 1}, client(t, w), testLogger(t), nil)
	if !errors.Is(err, crawler.ErrInterrupted) {
		t.Fatalf("Run: %v, want ErrInterrupted", err)
	}
	a, err := readAudit(out)
	if err != nil || a.Finished() || len(a.Interrupted) != 2 {
		t.Fatalf("audit %+v %v: want unfinished with both sites to resume", a, err)
	}
	snaps, err := snapshot.ReadDir(a.dir)
	if err != nil || len(snaps) != 2 {
		t.Fatalf("%d snapshots, %v", len(snaps), err)
	}
	for _, s := range snaps {
		if st, _ := s.CrawlStatus(); st != snapshot.StatusInterrupted {
			t.Errorf("%s: %s, want interrupted", s.Site.ID, st)
		}
	}
}

// auditInfo is an audit.json with its directory.
type auditInfo struct {
	*snapshot.Audit
	dir string
}

// readAudit reads the one audit under out.
func readAudit(out string) (auditInfo, error) {
	dir, a, err := snapshot.LatestUnfinished(out)
	if err == nil {
		return auditInfo{a, dir}, nil
	}
	dirs, _ := filepathGlob(out)
	if len(dirs) != 1 {
		return auditInfo{}, errors.New("want one audit directory")
	}
	a, err = snapshot.ReadAudit(dirs[0])
	return auditInfo{a, dirs[0]}, err
}

func filepathGlob(out string) ([]string, error) {
	return filepath.Glob(filepath.Join(out, snapshot.AuditsDir, "*"))
}
