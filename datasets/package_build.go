package datasets

import (
	"fmt"
	"strings"
	"time"
)

// tableFiles are the files written for one table.
type tableFiles struct {
	parquet           []File
	csv, excel, gzcsv File
}

// packageInput is everything datapackage.json is made of.
type packageInput struct {
	id, prevID string
	created    time.Time
	prov       Provenance
	opts       PublishOptions
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
			"CSV for Excel (UTF-8 with BOM; text cells starting with = + - @ are prefixed with '; only for tables that fit in one sheet) " +
			"and gzip-compressed CSV. " +
			"In CSV an empty cell is a null, dates are YYYY-MM-DD, timestamps are RFC 3339 in UTC, booleans true/false, " +
			"and lists are joined with ';' (a literal ';' or '\\' inside an element is escaped with '\\').\n\n" +
			"政府网站政务公开检查结果：网站、页面、链接、域名、政策文件、办事指南、检查结果、得分、所用规则及与上次发布相比的变化。" +
			"每张表以 Parquet、CSV（UTF-8）、供 Excel 使用的 CSV（带 BOM；仅限不超过一张工作表行数的表）及 gzip 压缩的 CSV 发布。CSV 中空单元格表示空值，" +
			"日期为 YYYY-MM-DD，时间为 UTC 的 RFC 3339 格式，列表以“;”分隔。",
		Version:  in.id,
		Created:  in.created.UTC().Format(time.RFC3339),
		Keywords: []string{"government websites", "政务公开", "政府网站检查", "open data", "compliance"},
		Licenses: []License{{Name: LicenseName, Path: licensePath, Title: licenseTitle}},
		Sources: []Source{
			{Title: fmt.Sprintf("Public websites of the audited agencies, crawled by gongkai (audit %s)", in.prov.AuditID)},
			{Title: fmt.Sprintf("gongkai rule catalog %s (国办《政府网站与政务新媒体检查指标》 and related rules)", in.prov.RulesVersion)},
		},
		ReleaseID:       in.id,
		AuditID:         in.prov.AuditID,
		RulesVersion:    in.prov.RulesVersion,
		SoftwareVersion: in.opts.SoftwareVersion,
	}
	if !in.prov.AsOf.IsZero() {
		p.AsOf = DayOf(in.prov.AsOf).String()
	}
	if in.prevID != "" {
		p.PreviousReleaseID = &in.prevID
	}
	for _, s := range releaseTables {
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
	if f.excel.Path == "" { // the table outgrew an Excel sheet
		return []Resource{plain, pq, gz}
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
