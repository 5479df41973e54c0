package datasets

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScanStreamsParts(t *testing.T) {
	dir := t.TempDir()
	id := publishFixture(t, dir, fixture(3, 40), PublishOptions{Parquet: ParquetOptions{PartRows: 50, RowGroupRows: 16}})
	rel, err := Load(dir, id, TableSites)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Links) != 0 {
		t.Fatal("links loaded though not asked for")
	}
	var got []LinkRow
	batches := 0
	err = Scan(rel, func(b []LinkRow) error {
		batches++
		got = append(got, b...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := Load(dir, id, TableLinks)
	if diff := cmp.Diff(full.Links, got, cmpOpts...); diff != "" || batches < 3 {
		t.Errorf("Scan (%d batches) differs from Load:\n%s", batches, diff)
	}
}

func TestDiffReleasesText(t *testing.T) {
	dir := t.TempDir()
	a := publishFixture(t, dir, fixture(3, 5), PublishOptions{})
	publishFixture(t, dir, changedFixture(), PublishOptions{})
	ch, err := DiffReleases(dir, a, "latest")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := ch.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "findings: 1 appeared, 1 resolved") {
		t.Errorf("summary:\n%s", out.String())
	}
	if _, err := DiffReleases(dir, "20000101T000000Z-001", "latest"); err == nil {
		t.Error("diff with a missing release succeeded")
	}
}
