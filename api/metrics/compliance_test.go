package metrics

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Two releases of the sample web: as of its audit date, and the same
// crawl judged two months later, when its pages have gone stale (new
// vetoes, score drops, the changes a real second release shows).
const (
	firstRelease  = "20261120T000000Z-001"
	secondRelease = "20270120T000000Z-001"
)

var secondAsOf = sampleAsOf.AddDate(0, 2, 0)

// sampleReleases publishes both releases, once per test binary (judging
// the sample web is the slow part of these tests), and returns their
// directory. Tests only read it.
func sampleReleases(t testing.TB) string {
	t.Helper()
	sampleDir.once.Do(func() {
		dir, err := os.MkdirTemp("", "metrics-sample-")
		if err != nil {
			t.Fatal(err)
		}
		sampleDir.dir = dir
		publishSample(t, dir, firstRelease, sampleAsOf, sampleAsOf)
		publishSample(t, dir, secondRelease, secondAsOf, secondAsOf.Add(2*time.Hour))
	})
	if sampleDir.dir == "" {
		t.Fatal("sample releases were not published")
	}
	return sampleDir.dir
}

var sampleDir struct {
	once sync.Once
	dir  string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleDir.dir != "" {
		os.RemoveAll(sampleDir.dir)
	}
	os.Exit(code)
}

// TestComplianceGolden: the exposition of each detail level for the
// sample web's second release equals its golden file, passes
// client_golang's lint and promtool check metrics.
func TestComplianceGolden(t *testing.T) {
	dir := sampleReleases(t)
	rel := loadServed(t, dir, secondRelease)
	for _, tt := range []struct {
		detail Detail
		file   string
	}{{DetailSummary, "sampleweb-summary.prom"}, {DetailSite, "sampleweb-site.prom"}, {DetailRule, "sampleweb-rule.prom"}} {
		t.Run(tt.file, func(t *testing.T) {
			c := NewCompliance(tt.detail, nil)
			c.now = func() time.Time { return secondAsOf.Add(26 * time.Hour) }
			if err := c.Update(rel); err != nil {
				t.Fatal(err)
			}
			reg := prometheus.NewPedanticRegistry()
			reg.MustRegister(c)
			text := exposition(t, reg)
			golden(t, tt.file, text)
			problems, err := testutil.GatherAndLint(reg)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("lint %s: %s", p.Metric, p.Text)
			}
			promtoolCheckMetrics(t, text)
		})
	}
}

// TestComplianceValues checks the values that carry the alerts against
// what the release says, so that the golden file cannot drift into
// nonsense unnoticed.
func TestComplianceValues(t *testing.T) {
	dir := sampleReleases(t)
	c := NewCompliance(DetailSite, nil)
	c.now = func() time.Time { return secondAsOf.Add(26 * time.Hour) }
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	if n := testutil.CollectAndCount(c); n != 0 {
		t.Errorf("before any release: %d series", n)
	}
	rel := loadServed(t, dir, secondRelease)
	if err := c.Update(rel); err != nil {
		t.Fatal(err)
	}
	v := c.view
	byID := map[string]*siteView{}
	for i := range v.sites {
		byID[v.sites[i].labels[0]] = &v.sites[i]
	}
	for _, s := range rel.Sites {
		sv := byID[s.SiteID]
		if sv == nil || sv.deadLinks != s.LinksDead || sv.pages != s.PagesCrawled || (s.Score != nil) != sv.scored {
			t.Errorf("%s: view %+v, row %+v", s.SiteID, sv, s)
		}
	}
	vetoed, newVeto, dropped := 0, 0, 0
	for _, s := range v.sites {
		if s.info[6] == "true" { // the veto label
			vetoed++
		}
		newVeto += min(s.newVetoRules, 1)
		if s.scoreChange != nil && *s.scoreChange < -10 {
			dropped++
		}
	}
	if vetoed == 0 || newVeto == 0 || dropped == 0 {
		t.Errorf("two months on, the sample web should show vetoes (%d), new vetoes (%d) and score drops (%d)", vetoed, newVeto, dropped)
	}
	// An older release taken up after a newer one started is not shown.
	first := loadServed(t, dir, firstRelease)
	if err := c.Update(first); err != nil {
		t.Fatal(err)
	}
	if c.view.id != firstRelease {
		t.Errorf("a later Update of %s did not win: showing %s", firstRelease, c.view.id)
	}
}
