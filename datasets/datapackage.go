package datasets

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The package-level constants of every datapackage.json.
const (
	// PackageName is the Frictionless name of the dataset; it does not
	// change between releases (the release id is the version).
	PackageName = "gongkai-audit"
	// LicenseName is the Open Definition id of the data licence. CC BY 4.0
	// covers database rights explicitly (section 4), asks only for
	// attribution, has an official Chinese translation and is what most
	// open-data portals and indices recognise.
	LicenseName  = "CC-BY-4.0"
	licensePath  = "https://creativecommons.org/licenses/by/4.0/"
	licenseTitle = "Creative Commons Attribution 4.0 International（知识共享 署名 4.0 国际）"

	mediaCSV     = "text/csv"
	mediaParquet = "application/vnd.apache.parquet"
)

// DataPackage is the datapackage.json of a release: a Frictionless Tabular
// Data Package with a few gongkai properties (release_id, audit_id, as_of,
// rules_version, software_version, previous_release_id).
type DataPackage struct {
	Profile     string     `json:"profile"`
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Version     string     `json:"version"`
	Created     string     `json:"created"`
	Keywords    []string   `json:"keywords"`
	Licenses    []License  `json:"licenses"`
	Sources     []Source   `json:"sources"`
	Resources   []Resource `json:"resources"`

	ReleaseID         string  `json:"release_id"`
	PreviousReleaseID *string `json:"previous_release_id"`
	AuditID           string  `json:"audit_id"`
	AsOf              string  `json:"as_of"`
	RulesVersion      string  `json:"rules_version"`
	SoftwareVersion   string  `json:"software_version"`
}

// License is a Frictionless licence entry.
type License struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Source is a Frictionless source entry.
type Source struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// Resource is one file (or, for a Parquet table in parts, one set of
// files) of a release.
type Resource struct {
	Profile       string       `json:"profile"`
	Name          string       `json:"name"`
	Path          Paths        `json:"path"`
	Table         string       `json:"table"`
	Title         string       `json:"title"`
	TitleZh       string       `json:"x-title-zh"`
	Description   string       `json:"description"`
	DescriptionZh string       `json:"x-description-zh"`
	Format        string       `json:"format"`
	Mediatype     string       `json:"mediatype"`
	Encoding      string       `json:"encoding,omitempty"`
	Compression   string       `json:"compression,omitempty"`
	Dialect       *Dialect     `json:"dialect,omitempty"`
	Bytes         int64        `json:"bytes"`
	Hash          string       `json:"hash,omitempty"`
	Rows          int64        `json:"rows"`
	Parts         []Part       `json:"parts,omitempty"`
	Schema        *TableSchema `json:"schema"`
}

// Paths is a resource path: one file, or several files read in order. It
// is written as a JSON string for one file and as an array otherwise.
type Paths []string

// MarshalJSON writes one path as a string and several as an array.
func (p Paths) MarshalJSON() ([]byte, error) {
	if len(p) == 1 {
		return json.Marshal(p[0])
	}
	return json.Marshal([]string(p))
}

// UnmarshalJSON reads a string or an array of strings.
func (p *Paths) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = Paths{s}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(p))
}

// Part is one file of a multi-file resource.
type Part struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
	Hash  string `json:"hash"`
	Rows  int64  `json:"rows"`
}

// Dialect is the CSV dialect (the Frictionless defaults, stated).
type Dialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

// TableSchema is a Frictionless Table Schema.
type TableSchema struct {
	Fields        []Field      `json:"fields"`
	PrimaryKey    []string     `json:"primaryKey"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
	MissingValues []string     `json:"missingValues"`
}

// Field is one column of a Table Schema, described in English and Chinese.
type Field struct {
	Name          string       `json:"name"`
	Type          string       `json:"type"`
	Format        string       `json:"format"`
	Title         string       `json:"title"`
	Description   string       `json:"description"`
	TitleZh       string       `json:"x-title-zh"`
	DescriptionZh string       `json:"x-description-zh"`
	ListDelimiter string       `json:"x-list-delimiter,omitempty"`
	Constraints   *Constraints `json:"constraints,omitempty"`
}

// Constraints are Table Schema field constraints.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// ForeignKey is a Table Schema foreign key.
type ForeignKey struct {
	Fields    []string     `json:"fields"`
	Reference ForeignTable `json:"reference"`
}

// ForeignTable is the target of a foreign key.
type ForeignTable struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// tableFiles are the files written for one table.
type tableFiles struct {
	parquet           []File
	csv, excel, gzcsv File
}

// packageInput is everything datapackage.json is made of.
type packageInput struct {
	id, prevID string
	created    time.Time
	info       Info
	meta       Meta
	files      map[string]tableFiles
}

func buildPackage(d *dictionary, in packageInput) *DataPackage {
	p := &DataPackage{
		Profile: "tabular-data-package",
		Name:    PackageName,
		Title:   "gongkai: government website disclosure audit（政府网站政务公开检查）",
		Description: "Results of auditing government websites for disclosure compliance: sites, pages, links, hosts, " +
			"policy documents, service guides, findings, scores, the rules used and the changes since the previous release. " +
			"Each table is published as Parquet (zstd; rows sorted by the primary key), CSV (RFC 4180, UTF-8), " +
			"CSV for Excel (UTF-8 with BOM; text cells starting with = + - @ are prefixed with ') and gzip-compressed CSV. " +
			"In CSV an empty cell is a null, dates are YYYY-MM-DD, timestamps are RFC 3339 in UTC, booleans true/false, " +
			"and lists are joined with ';' (a literal ';' or '\\' inside an element is escaped with '\\').\n\n" +
			"政府网站政务公开检查结果：网站、页面、链接、域名、政策文件、办事指南、检查结果、得分、所用规则及与上次发布相比的变化。" +
			"每张表以 Parquet、CSV（UTF-8）、供 Excel 使用的 CSV（带 BOM）及 gzip 压缩的 CSV 发布。CSV 中空单元格表示空值，" +
			"日期为 YYYY-MM-DD，时间为 UTC 的 RFC 3339 格式，列表以“;”分隔。",
		Version:  in.id,
		Created:  in.created.UTC().Format(time.RFC3339),
		Keywords: []string{"government websites", "政务公开", "政府网站检查", "open data", "compliance"},
		Licenses: []License{{Name: LicenseName, Path: licensePath, Title: licenseTitle}},
		Sources: []Source{
			{Title: fmt.Sprintf("Public websites of the audited agencies, crawled by gongkai (audit %s)", in.info.AuditID)},
			{Title: fmt.Sprintf("gongkai rule catalog %s (国办《政府网站与政务新媒体检查指标》 and related rules)", in.info.RulesVersion)},
		},
		ReleaseID:       in.id,
		AuditID:         in.info.AuditID,
		RulesVersion:    in.info.RulesVersion,
		SoftwareVersion: in.meta.SoftwareVersion,
	}
	if !in.info.AsOf.IsZero() {
		p.AsOf = DateOf(in.info.AsOf).String()
	}
	if in.prevID != "" {
		p.PreviousReleaseID = &in.prevID
	}
	for _, s := range specs() {
		p.Resources = append(p.Resources, tableResources(d, s, in.files[s.tableName()])...)
	}
	return p
}

func tableResources(d *dictionary, s spec, f tableFiles) []Resource {
	name := s.tableName()
	td := d.Tables[name]
	base := func(suffix, titleEn, titleZh string) Resource {
		return Resource{
			Profile: "tabular-data-resource", Name: name + suffix, Table: name,
			Title: td.TitleEn + titleEn, TitleZh: td.TitleZh + titleZh,
			Description: td.En, DescriptionZh: td.Zh,
		}
	}
	csvRes := func(r Resource, file File, csvSchema *TableSchema) Resource {
		r.Path, r.Format, r.Mediatype, r.Encoding = Paths{file.Path}, "csv", mediaCSV, "utf-8"
		r.Dialect = &Dialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true, Header: true}
		r.Bytes, r.Hash, r.Rows, r.Schema = file.Bytes, "sha256:"+file.SHA256, file.Rows, csvSchema
		return r
	}
	csvSchema := tableSchema(d, s, false, "")
	plain := csvRes(base("", " (CSV)", "（CSV）"), f.csv, csvSchema)
	excel := csvRes(base("-excel", " (CSV for Excel, UTF-8 with BOM)", "（Excel 用 CSV，带 BOM）"), f.excel, tableSchema(d, s, false, "-excel"))
	gz := csvRes(base("-csv-gz", " (CSV, gzip)", "（CSV，gzip 压缩）"), f.gzcsv, tableSchema(d, s, false, "-csv-gz"))
	gz.Compression = "gz"

	pq := base("-parquet", " (Parquet)", "（Parquet）")
	pq.Format, pq.Mediatype, pq.Schema = "parquet", mediaParquet, tableSchema(d, s, true, "-parquet")
	for _, part := range f.parquet {
		pq.Path = append(pq.Path, part.Path)
		pq.Bytes += part.Bytes
		pq.Rows += part.Rows
		pq.Parts = append(pq.Parts, Part{Path: part.Path, Bytes: part.Bytes, Hash: "sha256:" + part.SHA256, Rows: part.Rows})
	}
	if len(f.parquet) == 1 {
		pq.Hash, pq.Parts = "sha256:"+f.parquet[0].SHA256, nil
	}
	return []Resource{plain, pq, excel, gz}
}

// tableSchema is the Table Schema of a table in one format. Lists are
// arrays in Parquet and ';'-joined strings in CSV. Foreign keys point at the
// sites (and rules) resource of the same format (resource suffix).
func tableSchema(d *dictionary, s spec, parquet bool, suffix string) *TableSchema {
	td := d.Tables[s.tableName()]
	ts := &TableSchema{PrimaryKey: s.primaryKey(), MissingValues: []string{""}}
	pk := map[string]bool{}
	for _, k := range s.primaryKey() {
		pk[k] = true
	}
	for _, c := range s.tableLayout().cols {
		cd := td.Columns[c.name]
		f := Field{
			Name: c.name, Type: frictionlessType(c.kind, parquet), Format: "default",
			Title: englishTitle(c.name), Description: cd.En, TitleZh: cd.Zh, DescriptionZh: cd.ZhDesc,
		}
		if c.kind == kindList && !parquet {
			f.ListDelimiter = string(listSep)
		}
		if pk[c.name] || len(cd.Enum) > 0 {
			f.Constraints = &Constraints{Required: pk[c.name], Enum: cd.Enum}
		}
		ts.Fields = append(ts.Fields, f)
	}
	name := s.tableName()
	if name != TableSites && name != TableRules && name != TableChanges {
		ts.ForeignKeys = append(ts.ForeignKeys, ForeignKey{Fields: []string{"site_id"},
			Reference: ForeignTable{Resource: TableSites + suffix, Fields: []string{"site_id"}}})
	}
	if name == TableFindings {
		ts.ForeignKeys = append(ts.ForeignKeys, ForeignKey{Fields: []string{"rule_id"},
			Reference: ForeignTable{Resource: TableRules + suffix, Fields: []string{"rule_id"}}})
	}
	return ts
}

func frictionlessType(k kind, parquet bool) string {
	switch k {
	case kindInt:
		return "integer"
	case kindFloat:
		return "number"
	case kindBool:
		return "boolean"
	case kindDate:
		return "date"
	case kindTime:
		return "datetime"
	case kindList:
		if parquet {
			return "array"
		}
	}
	return "string"
}

// englishTitle turns a column name into a title: pages_crawled -> Pages crawled.
func englishTitle(name string) string {
	words := strings.Split(name, "_")
	for i, w := range words {
		switch w {
		case "id", "url", "ipv6", "ipv4", "https", "aaaa", "a", "dns", "ms", "l2", "l3", "zh", "en", "http":
			words[i] = strings.ToUpper(w)
			if w == "ipv6" || w == "ipv4" {
				words[i] = "IPv" + w[3:]
			}
		}
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
