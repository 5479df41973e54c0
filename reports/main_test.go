package reports_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
	"gongkai/reports"
	"gongkai/reports/internal/fixture"
)

// sampleDir is a data directory holding two releases of the stored
// sample-web snapshots (see fixture), both judged as of 2026-11-20. The
// second is the sample web as it is, without the site trap. The first,
// "two weeks before", lacks gbk and differs in three sites (earlier):
// deadlinks had no dead link, shifan was not on HTTPS and v6broken did
// not answer; so the second has changes of most kinds. TestMain makes it.
var sampleDir string

// The releases of sampleDir.
const (
	firstRelease  = "20261120T000000Z-001"
	secondRelease = "20261204T000000Z-001"
)

var sampleReleases = []fixture.Release{
	{ID: firstRelease, Created: day(2026, 11, 20), AsOf: day(2026, 11, 20), Skip: []string{"gbk"}, Change: earlier},
	{ID: secondRelease, Created: day(2026, 12, 4), AsOf: day(2026, 11, 20), Skip: []string{"trap"}},
}

// earlier changes the snapshots of three sites into what they were two
// weeks before the sample web's audit.
func earlier(s *snapshot.Snapshot) {
	switch s.Site.ID {
	case "deadlinks":
		links := slices.Clone(s.Links)
		for i := range links {
			l := &links[i]
			l.Dead, l.Soft404, l.Status, l.HTTPStatus, l.Error = false, false, snapshot.StatusOK, 200, ""
		}
		s.Links = links
	case "shifan":
		s.Home.HTTPS = false
	case "v6broken":
		s.Status, s.Error = snapshot.StatusDNSError, "lookup www.liuanqu.gov.cn: no such host"
		s.Home.Status, s.Home.HTTPStatus, s.Home.Error = snapshot.StatusDNSError, 0, s.Error
		s.Pages, s.Links = nil, nil
	}
}

// storedAudit is the sample web's stored audit, input of the golden release
// of cmd/gongkai.
const storedAudit = "../cmd/gongkai/testdata/sampleweb/audit"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gongkai-reports-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sampleDir = dir
	_, err = fixture.Publish(context.Background(), dir, fixture.Config{Audit: storedAudit, Releases: sampleReleases})
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, "publish the sample releases:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// sampleData opens a release of sampleDir.
func sampleData(t testing.TB, id string) *reports.Data {
	t.Helper()
	d, err := reports.Open(sampleDir, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
