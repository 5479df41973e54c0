// Package catalog describes a release for harvesters: one metadata model
// built from the release's datapackage.json (one dataset per table, one
// distribution per file format), rendered as DCAT-AP 3 (JSON-LD and
// Turtle, from the same triples), as Project Open Data 1.1 (data.json)
// and as CKAN package dicts for a read-only CKAN Action API.
package catalog

import (
	"crypto/sha1"
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai/datasets"
)

// Publisher names who publishes the data.
type Publisher struct {
	// Name is the publishing body (default "gongkai").
	Name string
	// Email is the contact address (POD and DCAT contact points).
	Email string
}

// Input is what a catalog is built from.
type Input struct {
	// BaseURL is the server's public URL without a trailing slash
	// (https://data.example.gov.cn).
	BaseURL string
	// Package is the datapackage.json of the release served.
	Package *datasets.DataPackage
	// Publisher of the data.
	Publisher Publisher
}

// Catalog is the metadata model every view is rendered from.
type Catalog struct {
	BaseURL     string
	ReleaseID   string
	Title       string
	Description string
	Keywords    []string
	Publisher   Publisher
	License     datasets.License
	// Modified is the creation time of the release; AsOf its audit date.
	Modified time.Time
	AsOf     string
	Datasets []Dataset
}

// Dataset is one table of the release.
type Dataset struct {
	// Table is the table name (sites, findings...); Name the slug
	// harvesters key on (gongkai-audit-sites), ID a UUID derived from it.
	Table, Name, ID        string
	Title, TitleZh         string
	Description, DescZh    string
	Rows                   int64
	Columns                []string
	Distributions          []Distribution
	LandingPage, SchemaURL string
}

// Distribution is one file format of a table.
type Distribution struct {
	// Key names it within the dataset (parquet, csv, excel, csv-gz, arrows).
	Key, ID        string
	Title, TitleZh string
	Format         string // Parquet, CSV, GZIP, Arrow
	MediaType      string
	Compression    string // media type of the compression, if any
	DownloadURL    string
	Bytes          int64  // 0 when unknown (streams)
	SHA256         string // hex, "" when unknown
	Rows           int64
}

// Build makes the catalog of a release.
func Build(in Input) *Catalog {
	pkg := in.Package
	base := strings.TrimSuffix(in.BaseURL, "/")
	if in.Publisher.Name == "" {
		in.Publisher.Name = "gongkai"
	}
	c := &Catalog{
		BaseURL:     base,
		ReleaseID:   pkg.ReleaseID,
		Title:       pkg.Title,
		Description: pkg.Description,
		Keywords:    pkg.Keywords,
		Publisher:   in.Publisher,
		AsOf:        pkg.AsOf,
	}
	c.Modified, _ = time.Parse(time.RFC3339, pkg.Created)
	if len(pkg.Licenses) > 0 {
		c.License = pkg.Licenses[0]
	}
	byTable := map[string]*Dataset{}
	var order []string
	for _, res := range pkg.Resources {
		d := byTable[res.Table]
		if d == nil {
			d = &Dataset{
				Table: res.Table, Name: datasets.PackageName + "-" + res.Table, Rows: res.Rows,
				Title: strings.TrimSpace(cutParen(res.Title)), TitleZh: cutParenZh(res.TitleZh),
				Description: res.Description, DescZh: res.DescriptionZh,
				LandingPage: base + "/datasets#" + res.Table,
				SchemaURL:   base + "/releases/" + pkg.ReleaseID + "/" + datasets.PackageFile,
			}
			d.ID = uuidOf(d.Name)
			if res.Schema != nil {
				for _, f := range res.Schema.Fields {
					d.Columns = append(d.Columns, f.Name)
				}
			}
			byTable[res.Table] = d
			order = append(order, res.Table)
		}
		d.Distributions = append(d.Distributions, distribution(base, pkg.ReleaseID, d, res))
	}
	for _, t := range order {
		d := byTable[t]
		d.Distributions = append(d.Distributions, Distribution{
			Key: "arrows", ID: uuidOf(d.Name + "-arrows"), Title: d.Title + " (Arrow IPC stream)", TitleZh: d.TitleZh + "（Arrow IPC 流）",
			Format: "Arrow", MediaType: "application/vnd.apache.arrow.stream", Rows: d.Rows,
			DownloadURL: base + "/releases/" + pkg.ReleaseID + "/" + t + ".arrows",
		})
		c.Datasets = append(c.Datasets, *d)
	}
	return c
}

// distribution describes one resource of the datapackage.
func distribution(base, id string, d *Dataset, res datasets.Resource) Distribution {
	key := strings.TrimPrefix(strings.TrimPrefix(res.Name, d.Table), "-")
	if key == "" {
		key = "csv"
	}
	dist := Distribution{
		Key: key, ID: uuidOf(d.Name + "-" + key), Title: res.Title, TitleZh: res.TitleZh,
		MediaType: res.Mediatype, Bytes: res.Bytes, Rows: res.Rows,
		SHA256: strings.TrimPrefix(res.Hash, "sha256:"),
	}
	switch {
	case res.Format == "parquet":
		dist.Format = "Parquet"
	case res.Compression == "gz":
		dist.Format, dist.Compression = "CSV", "application/gzip"
	default:
		dist.Format = "CSV"
	}
	if len(res.Path) > 0 {
		dist.DownloadURL = base + "/releases/" + id + "/" + res.Path[0]
	}
	if len(res.Path) > 1 {
		// A table in parts: the distribution is the first part's URL;
		// the parts are listed in datapackage.json. Size and digest are
		// the resource's (all parts).
		dist.SHA256 = ""
	}
	return dist
}

// uuidOf derives a stable UUID (version 5 layout, SHA-1) from a name, so
// a dataset keeps its id across releases.
func uuidOf(name string) string {
	h := sha1.Sum([]byte("gongkai:" + name))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// cutParen drops a trailing " (CSV)" from a resource title.
func cutParen(s string) string {
	if i := strings.LastIndex(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}

// cutParenZh drops a trailing "（CSV）" from a Chinese resource title.
func cutParenZh(s string) string {
	if i := strings.LastIndex(s, "（"); i > 0 {
		return s[:i]
	}
	return s
}

// Dataset returns the dataset with the given name or id, or nil.
func (c *Catalog) Dataset(nameOrID string) *Dataset {
	i := slices.IndexFunc(c.Datasets, func(d Dataset) bool { return d.Name == nameOrID || d.ID == nameOrID })
	if i < 0 {
		return nil
	}
	return &c.Datasets[i]
}
