package api

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestDuckDBReadsDownloads: DuckDB (@duckdb/node-api) reads the Parquet
// files as downloaded from the server, and its answers match the
// release. DuckDB's own HTTP reader (the httpfs extension) is not part of
// the npm package and cannot be installed offline; TestParquetOverHTTP
// exercises the same HEAD-then-ranges access with Arrow's Parquet reader.
func TestDuckDBReadsDownloads(t *testing.T) {
	t.Parallel()
	needNode(t)
	d := newDownloads(t)
	tmp := t.TempDir()
	for _, name := range []string{"findings.parquet", "sites.parquet"} {
		resp, body := d.srv.get(t, "/releases/latest/"+name)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", name, resp.StatusCode)
		}
		if err := os.WriteFile(filepath.Join(tmp, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var rows []struct {
		Findings int    `json:"findings"`
		Sites    int    `json:"sites"`
		Joined   int    `json:"joined"`
		Grade    string `json:"grade"`
	}
	q := fmt.Sprintf(`select (select count(*) from read_parquet('%[1]s/findings.parquet'))::int as findings,
		(select count(distinct site_id) from read_parquet('%[1]s/findings.parquet'))::int as sites,
		(select count(*) from read_parquet('%[1]s/findings.parquet') f join read_parquet('%[1]s/sites.parquet') s using (site_id))::int as joined,
		(select grade from read_parquet('%[1]s/sites.parquet') order by site_id limit 1) as grade`, tmp)
	runNode(t, nil, &rows, "duckdb.mjs", q)
	cur := d.srv.Store().Current()
	if len(rows) != 1 || rows[0].Findings != 40*20 || rows[0].Sites != 40 || rows[0].Joined != 40*20 || rows[0].Grade != cur.Sites[0].Grade {
		t.Errorf("DuckDB says %+v; the release has 800 findings of 40 sites, first grade %s", rows, cur.Sites[0].Grade)
	}
}
