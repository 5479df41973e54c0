package datasets

import (
	"slices"
	"testing"

	"gongkai/crawler/snapshot"
)

// TestStatusesDocumented: every crawl status the crawler records is in the
// data dictionary's enum of the columns that can hold it.
func TestStatusesDocumented(t *testing.T) {
	d, err := loadDictionary()
	if err != nil {
		t.Fatal(err)
	}
	siteOnly := []snapshot.Status{snapshot.StatusSiteTimeout, snapshot.StatusAuditTimeout, snapshot.StatusInterrupted, snapshot.StatusJobFailed}
	for _, col := range []struct{ table, column string }{{"sites", "crawl_status"}, {"pages", "crawl_status"}, {"links", "crawl_status"}} {
		enum := d.Tables[col.table].Columns[col.column].Enum
		for _, st := range snapshot.Statuses {
			if col.table != "sites" && slices.Contains(siteOnly, st) {
				continue
			}
			if !slices.Contains(enum, string(st)) {
				t.Errorf("%s.%s: status %q not in the dictionary's enum", col.table, col.column, st)
			}
		}
	}
}
