// Package datasets turns audit results into immutable, self-describing open
// data releases and reads them back.
//
// A release is a directory DIR/releases/<release_id>/ holding, for every
// table (sites, pages, links, hosts, documents, guides, findings, scores,
// rules, changes):
//
//	NAME.parquet            zstd, bounded row groups, rows sorted by the primary key
//	NAME-00000.parquet ...  instead of NAME.parquet when a table needs several parts
//	NAME.csv                RFC 4180, UTF-8 without BOM (for pipelines)
//	NAME.excel.csv          the same rows, UTF-8 with BOM, formula-guarded (for Excel)
//	NAME.csv.gz             NAME.csv, gzip-compressed
//
// plus datapackage.json (a Frictionless Tabular Data Package: the bilingual
// data dictionary, sizes, hashes, row counts, licence and provenance) and
// SHA256SUMS (sha256sum -c compatible). DIR/releases/latest.json names the
// current release; it is switched atomically after the release directory is
// complete, so a reader never sees a half-written release.
//
// Every table comes from one Go row type (SiteRow, PageRow, ...). Its struct
// tags give the column names, which are the same in Parquet, CSV, JSON and the
// data dictionary; the reflection over a row type is done once.
package datasets
