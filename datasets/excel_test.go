package datasets

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExcelCopyDroppedWhenTooLong: a table longer than an Excel sheet gets
// no NAME.excel.csv, and datapackage.json and SHA256SUMS do not list one.
func TestExcelCopyDroppedWhenTooLong(t *testing.T) {
	dir := t.TempDir()
	w, err := newCSVWriter(linksTable, dir)
	if err != nil {
		t.Fatal(err)
	}
	w.excelMax = 10
	rows := fixture(1, 12).Links
	if err := w.write(rows[:8]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "links.excel.csv")); err != nil {
		t.Fatalf("excel copy missing while the table fits: %v", err)
	}
	if err := w.write(rows[8:]); err != nil {
		t.Fatal(err)
	}
	files, err := w.close()
	if err != nil {
		t.Fatal(err)
	}
	if files[0].Rows != 12 || files[1].Path != "" || files[2].Rows != 12 {
		t.Errorf("files %+v", files)
	}
	if _, err := os.Stat(filepath.Join(dir, "links.excel.csv")); !os.IsNotExist(err) {
		t.Errorf("excel copy kept: %v", err)
	}
	d, err := loadDictionary()
	if err != nil {
		t.Fatal(err)
	}
	res := tableResources(d, linksTable, tableFiles{parquet: []File{{Path: "links.parquet"}}, csv: files[0], gzcsv: files[2]})
	for _, r := range res {
		if r.Name == "links-excel" {
			t.Error("datapackage lists the dropped excel copy")
		}
	}
	if len(res) != 3 {
		t.Errorf("%d resources", len(res))
	}
}
