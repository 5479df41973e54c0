package datasets

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testCreated = time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)

func publishFixture(t *testing.T, dir string, tb *Tables, meta PublishOptions) string {
	t.Helper()
	if meta.Created.IsZero() {
		meta.Created = testCreated
	}
	id, err := Publish(context.Background(), dir, tb, meta)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	return id
}

func TestPublishLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := fixture(3, 40)
	id := publishFixture(t, dir, want, PublishOptions{SoftwareVersion: "test"})
	if id != "20261123T023000Z-001" {
		t.Errorf("release id = %q", id)
	}
	got, err := Load(dir, "latest")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.ID != id {
		t.Errorf("loaded %s, want %s", got.ID, id)
	}
	for i := range want.Findings {
		if want.Findings[i].ReleaseID != id {
			t.Fatalf("finding %d has release_id %q", i, want.Findings[i].ReleaseID)
		}
	}
	// Publish sorted want in place; the first release has no changes.
	want.Changes = []ChangeRow{}
	if diff := cmp.Diff(want, &got.Tables, cmpOpts...); diff != "" {
		t.Errorf("loaded tables differ (-published +loaded):\n%s", diff)
	}
	if got.Package.AsOf != "2026-11-22" || got.Package.RulesVersion != "2026.1" || got.Package.PreviousReleaseID != nil {
		t.Errorf("package info: %+v", got.Package)
	}
}

func TestLayoutOfRelease(t *testing.T) {
	dir := t.TempDir()
	id := publishFixture(t, dir, fixture(2, 5), PublishOptions{})
	entries, err := os.ReadDir(filepath.Join(dir, "releases", id))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for _, tb := range TableNames() {
		want = append(want, tb+".parquet", tb+".csv", tb+".excel.csv", tb+".csv.gz")
	}
	want = append(want, PackageFile, SumsFile)
	slices.Sort(want)
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("release files (-want +got):\n%s", diff)
	}
	rel, _ := os.ReadDir(filepath.Join(dir, "releases"))
	for _, e := range rel {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			t.Errorf("leftover %s after publish", e.Name())
		}
	}
}

func TestReleaseIDsUniqueAndSorted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var ids []string
	for range 3 {
		ids = append(ids, publishFixture(t, dir, fixture(1, 1), PublishOptions{})) // same second
	}
	ids = append(ids, publishFixture(t, dir, fixture(1, 1), PublishOptions{Created: testCreated.Add(time.Second)}))
	want := []string{"20261123T023000Z-001", "20261123T023000Z-002", "20261123T023000Z-003", "20261123T023001Z-001"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	list, err := ListReleases(dir)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, r := range list {
		listed = append(listed, r.ID)
		if r.Latest != (r.ID == want[3]) || r.AsOf != "2026-11-22" || r.Error != "" {
			t.Errorf("release info %+v", r)
		}
	}
	if diff := cmp.Diff(want, listed); diff != "" {
		t.Errorf("ListReleases (-want +got):\n%s", diff)
	}
	if latest, _ := LatestID(dir); latest != want[3] {
		t.Errorf("latest = %s", latest)
	}
}

func TestWriteOnce(t *testing.T) {
	dir := t.TempDir()
	id := publishFixture(t, dir, fixture(1, 3), PublishOptions{ReleaseID: "20261123T023000Z-007"})
	before, err := os.ReadFile(filepath.Join(dir, "releases", id, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Publish(context.Background(), dir, fixture(2, 3), PublishOptions{ReleaseID: id, Created: testCreated})
	if err == nil || !strings.Contains(err.Error(), "write-once") {
		t.Fatalf("second publish of %s: err = %v, want write-once error", id, err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "releases", id, SumsFile))
	if string(before) != string(after) {
		t.Error("published release was modified")
	}
	if _, err := Load(dir, id); err != nil {
		t.Errorf("Load after refused publish: %v", err)
	}
	// The atomic rename refuses too, even if the check is bypassed.
	src := t.TempDir()
	if err := renameNoReplace(src, filepath.Join(dir, "releases", id)); err == nil {
		t.Error("renameNoReplace over a published release succeeded")
	}
}

func TestAppendOutOfOrderFails(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	rw, err := Begin(ctx, dir, Provenance{}, PublishOptions{Created: testCreated})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Abort()
	if err := rw.Append(ctx, &Tables{Sites: []SiteRow{{SiteID: "b"}}}); err != nil {
		t.Fatal(err)
	}
	err = rw.Append(ctx, &Tables{Sites: []SiteRow{{SiteID: "a"}}})
	if err == nil || !strings.Contains(err.Error(), "site_id=a") {
		t.Fatalf("out-of-order append: err = %v", err)
	}
	if _, err := rw.Commit(ctx); err == nil {
		t.Fatal("Commit after a failed Append succeeded")
	}
	rw.Abort()
	if entries, _ := os.ReadDir(filepath.Join(dir, "releases")); len(entries) != 1 { // only .lock
		t.Errorf("abort left %v", entries)
	}
	if latest, _ := LatestID(dir); latest != "" {
		t.Errorf("aborted release became latest: %s", latest)
	}
}

func TestStreamingAppendEqualsPublish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	whole := fixture(4, 9)
	dirA, dirB := t.TempDir(), t.TempDir()
	meta := PublishOptions{Created: testCreated, ReleaseID: "20261123T023000Z-001"}
	publishFixture(t, dirA, whole, meta)

	rw, err := Begin(ctx, dirB, whole.Provenance, meta)
	if err != nil {
		t.Fatal(err)
	}
	parts := fixture(4, 9)
	rw.Append(ctx, &Tables{Rules: parts.Rules})
	for i := range parts.Sites { // one site at a time, as the audit does
		one := siteSlice(parts, parts.Sites[i].SiteID)
		if err := rw.Append(ctx, one); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rw.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	compareTableFiles(t, filepath.Join(dirA, "releases", meta.ReleaseID), filepath.Join(dirB, "releases", meta.ReleaseID), nil)
}

// siteSlice returns the rows of one site.
func siteSlice(t *Tables, site string) *Tables {
	out := &Tables{}
	pick := func(id string) bool { return id == site }
	for _, r := range t.Sites {
		if pick(r.SiteID) {
			out.Sites = append(out.Sites, r)
		}
	}
	for _, r := range t.Pages {
		if pick(r.SiteID) {
			out.Pages = append(out.Pages, r)
		}
	}
	for _, r := range t.Links {
		if pick(r.SiteID) {
			out.Links = append(out.Links, r)
		}
	}
	for _, r := range t.Hosts {
		if pick(r.SiteID) {
			out.Hosts = append(out.Hosts, r)
		}
	}
	for _, r := range t.Probes {
		if pick(r.SiteID) {
			out.Probes = append(out.Probes, r)
		}
	}
	for _, r := range t.Documents {
		if pick(r.SiteID) {
			out.Documents = append(out.Documents, r)
		}
	}
	for _, r := range t.Guides {
		if pick(r.SiteID) {
			out.Guides = append(out.Guides, r)
		}
	}
	for _, r := range t.Findings {
		if pick(r.SiteID) {
			out.Findings = append(out.Findings, r)
		}
	}
	for _, r := range t.Scores {
		if pick(r.SiteID) {
			out.Scores = append(out.Scores, r)
		}
	}
	return out
}

func TestAbortClosesFiles(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	before := openFiles(t)
	rw, err := Begin(ctx, dir, Provenance{}, PublishOptions{Created: testCreated})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Append(ctx, fixture(2, 3)); err != nil {
		t.Fatal(err)
	}
	rw.Abort()
	if after := openFiles(t); after > before {
		t.Errorf("%d file descriptors open after Abort, %d before", after, before)
	}
}

func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skip("no /proc/self/fd")
	}
	return len(entries)
}
