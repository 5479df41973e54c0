package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gongkai/api/internal/releasegen"
)

// benchServer is a server over a synthetic release of benchSites sites.
// Size of the benchmarks' release (make bench-serve measures 15,000 × 333).
const benchSites, benchFindings = 15000, 10

func benchServer(b *testing.B) *Server {
	b.Helper()
	dir := b.TempDir()
	if _, err := releasegen.Synthetic(context.Background(), dir, releasegen.Config{Sites: benchSites, FindingsPerSite: benchFindings, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	srv, err := New(context.Background(), Options{Data: dir, RateLimit: -1, Poll: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	return srv
}

func benchPath(b *testing.B, srv *Server, path func(i int) string) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path(i), nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path(i), rec.Code)
		}
	}
}

func BenchmarkScorecardPage(b *testing.B) {
	srv := benchServer(b)
	benchPath(b, srv, func(i int) string { return "/sites/" + releasegen.SiteID((i*7919)%benchSites) })
}

func BenchmarkSiteFindings(b *testing.B) {
	srv := benchServer(b)
	benchPath(b, srv, func(i int) string {
		return fmt.Sprintf("/api/v1/sites/%s/findings", releasegen.SiteID((i*7919)%benchSites))
	})
}

func BenchmarkRankingPage(b *testing.B) {
	srv := benchServer(b)
	benchPath(b, srv, func(int) string { return "/" })
}

func BenchmarkSitesAPI(b *testing.B) {
	srv := benchServer(b)
	benchPath(b, srv, func(int) string { return "/api/v1/sites" })
}
