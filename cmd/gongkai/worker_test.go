package main

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler"
	"gongkai/crawler/snapshot"
)

// TestDecodeCrawl checks that a worker crawls a job's site with the
// crawl configuration the coordinator recorded, and with the defaults of
// what the record does not carry: the journal's sync interval (decoded
// onto a zero Config it was 0, and the worker fsynced its journal on
// every record).
func TestDecodeCrawl(t *testing.T) {
	want := crawler.DefaultConfig()
	want.MaxPages, want.MaxDepth, want.Render = 21, 3, crawler.RenderNever
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCrawl(&snapshot.Audit{Crawl: data})
	if err != nil {
		t.Fatal(err)
	}
	if got.SyncEvery == 0 || got.SyncEvery != want.SyncEvery {
		t.Errorf("SyncEvery = %v, want the default %v", got.SyncEvery, want.SyncEvery)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded crawl configuration (-want +got):\n%s", diff)
	}
	if _, err := decodeCrawl(&snapshot.Audit{}); err == nil {
		t.Error("an audit without a crawl configuration was accepted")
	}
}
