package crawler

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/snapshot"
)

func TestParseSites(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []snapshot.Site
		err  string // substring of the error, one line
	}{
		{
			name: "minimal",
			in:   "site_id,name,url\nbj,北京市人民政府,https://www.beijing.gov.cn/\n",
			want: []snapshot.Site{{ID: "bj", Name: "北京市人民政府", URL: "https://www.beijing.gov.cn/", Kind: "portal"}},
		},
		{
			name: "bom, all columns, any order, spaces trimmed",
			in: "\uFEFFregion,kind,level,url,name,site_id\n" +
				"北京, department , city,http://fgw.example.gov.cn,发改委,bj.fgw\n" +
				",portal,county,https://x.gov.cn:8443/index.html,某县,x-1_2\n",
			want: []snapshot.Site{
				{ID: "bj.fgw", Name: "发改委", URL: "http://fgw.example.gov.cn", Level: "city", Kind: "department", Region: "北京"},
				{ID: "x-1_2", Name: "某县", URL: "https://x.gov.cn:8443/index.html", Level: "county", Kind: "portal"},
			},
		},
		{name: "empty file", in: "", err: `sites.csv: empty file`},
		{name: "header only", in: "site_id,name,url\n", err: `sites.csv: no sites`},
		{name: "unknown column", in: "site_id,name,url,homepage\n", err: `sites.csv:1: field "homepage": unknown column`},
		{name: "empty column name", in: "site_id,,name,url\n", err: `sites.csv:1: column 2 has an empty name`},
		{name: "duplicate column", in: "site_id,name,url,name\n", err: `sites.csv:1: field "name": duplicate column`},
		{name: "missing url column", in: "site_id,name\na,b\n", err: `sites.csv:1: field "url": required column is missing`},
		{name: "ftp url", in: "site_id,name,url\na,A,http://a.cn\nb,B,ftp://x\n", err: `sites.csv:3: field "url": "ftp://x" is not an http(s) URL`},
		{name: "relative url", in: "site_id,name,url\na,A,/index.html\n", err: `sites.csv:2: field "url": "/index.html" is not an http(s) URL`},
		{name: "no host", in: "site_id,name,url\na,A,http://\n", err: `sites.csv:2: field "url": "http://" has no host`},
		{name: "empty url", in: "site_id,name,url\na,A,\n", err: `sites.csv:2: field "url": "" is empty`},
		{name: "bad id", in: "site_id,name,url\nBJ,A,http://a.cn\n", err: `sites.csv:2: field "site_id": "BJ" must match [a-z0-9._-]+`},
		{name: "empty id", in: "site_id,name,url\n,A,http://a.cn\n", err: `sites.csv:2: field "site_id": empty`},
		{name: "duplicate id", in: "site_id,name,url\na,A,http://a.cn\nb,B,http://b.cn\na,C,http://c.cn\n", err: `sites.csv:4: field "site_id": "a" duplicates line 2`},
		{name: "empty name", in: "site_id,name,url\na, ,http://a.cn\n", err: `sites.csv:2: field "name": empty`},
		{name: "bad level", in: "site_id,name,url,level\na,A,http://a.cn,village\n", err: `sites.csv:2: field "level": "village" is not one of`},
		{name: "bad kind", in: "site_id,name,url,kind\na,A,http://a.cn,bureau\n", err: `sites.csv:2: field "kind": "bureau" is not one of portal, department`},
		{name: "short row", in: "site_id,name,url\na,A\n", err: `sites.csv:2: row has 2 fields, the header has 3`},
		{name: "bad quote", in: "site_id,name,url\na,\"A,http://a.cn\n", err: `sites.csv:2: malformed CSV`},
		{name: "invalid utf-8", in: "site_id,name,url\na,\xff\xfe,http://a.cn\n", err: `sites.csv:2: field "name": not valid UTF-8`},
		{name: "line numbers count quoted newlines", in: "site_id,name,url\n\"a\",\"A\nB\",http://a.cn\nb,\"x\ny\",ftp://b\n", err: `sites.csv:4: field "url"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSites("sites.csv", strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil {
					t.Fatalf("ParseSites = %v, want error containing %q", got, tt.err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %q, want it to contain %q", err, tt.err)
				}
				var se *SiteError
				if !errors.As(err, &se) {
					t.Fatalf("error %T is not a *SiteError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSites: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sites (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSitesReportsEveryError(t *testing.T) {
	in := "site_id,name,url\nA,x,http://a.cn\nb,,ftp://b\n"
	_, err := ParseSites("s.csv", strings.NewReader(in))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		`s.csv:2: field "site_id": "A" must match [a-z0-9._-]+`,
		`s.csv:3: field "name": empty`,
		`s.csv:3: field "url": "ftp://b" is not an http(s) URL`,
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("error lines (-want +got):\n%s", diff)
	}
}

func TestReadSites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(path, []byte("site_id,name,url\na,A,https://a.gov.cn/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sites, err := ReadSites(path)
	if err != nil || len(sites) != 1 || sites[0].ID != "a" {
		t.Fatalf("ReadSites = %v, %v", sites, err)
	}
	if _, err := ReadSites(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Fatalf("ReadSites(missing) error = %v, want one naming the file", err)
	}
}

var siteErrLine = regexp.MustCompile(`^f\.csv(:\d+)?: `)

func FuzzParseSites(f *testing.F) {
	f.Add("site_id,name,url\nbj,北京,https://www.beijing.gov.cn/\n")
	f.Add("\uFEFFsite_id,name,url,level,kind,region\na,A,http://a.cn,city,department,x\n")
	f.Add("site_id,name,url\na,\"A\nB\",http://a.cn\n")
	f.Add("site_id,name\n")
	f.Add("x\n\"")
	f.Fuzz(func(t *testing.T, in string) {
		sites, err := ParseSites("f.csv", strings.NewReader(in))
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !siteErrLine.MatchString(line) {
					t.Fatalf("error line %q does not name file and line", line)
				}
			}
			if sites != nil {
				t.Fatalf("sites %v returned with error", sites)
			}
			return
		}
		if len(sites) == 0 {
			t.Fatal("no sites and no error")
		}
		ids := map[string]bool{}
		for _, s := range sites {
			if ids[s.ID] || !siteIDPattern.MatchString(s.ID) {
				t.Fatalf("bad or duplicate id %q", s.ID)
			}
			ids[s.ID] = true
			if checkSiteURL(s.URL) != "" || s.Name == "" || (s.Kind != "portal" && s.Kind != "department") {
				t.Fatalf("invalid site accepted: %+v", s)
			}
		}
	})
}
