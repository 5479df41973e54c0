// Package datasets turns audit results into immutable, self-describing open
// data releases and reads them back.
//
// # Layout
//
// A release is a directory DIR/releases/<release_id>/ holding, for every
// table (sites, pages, links, hosts, documents, guides, findings, scores,
// rules, changes):
//
//	NAME.parquet            zstd, row groups of 65,536 rows, rows sorted by the primary key
//	NAME-00000.parquet ...  instead of NAME.parquet when a table needs several parts (1,000,000 rows each)
//	NAME.csv                RFC 4180 (CRLF), UTF-8 without BOM: for pipelines
//	NAME.excel.csv          the same records, UTF-8 with BOM, text cells starting with = + - @ TAB CR
//	                        prefixed with ' (CSV-injection guard): for Excel on Windows;
//	                        only for tables that fit in one sheet (ExcelMaxRows rows)
//	NAME.csv.gz             NAME.csv, gzip-compressed: for downloads (never gzip on the fly)
//
// plus datapackage.json (a Frictionless Tabular Data Package: the bilingual
// data dictionary, sizes, hashes, row counts, licence and provenance) and
// SHA256SUMS (cd into the release and run sha256sum -c SHA256SUMS).
// DIR/releases/latest.json names the current release.
//
// Release ids are the UTC creation second plus a sequence number,
// 20261123T023000Z-001, so they sort by time and stay unique within a
// second.
//
// # Columns
//
// Every table comes from one Go row type (SiteRow, PageRow, ...). Its struct
// tags give the column names, the same in Parquet, CSV, JSON (encoding/json
// on the row types) and datapackage.json; the reflection over a row type is
// done once. Dates are Parquet DATE (Day; 2026-11-22 in CSV and JSON),
// timestamps Parquet TIMESTAMP(MILLIS, UTC) (RFC 3339 with Z in CSV and
// JSON), lists Parquet LIST<STRING> (';'-joined in CSV, '\' escapes), and
// nullable values pointer fields (Parquet optional, empty CSV cell, JSON
// null). Text is cleaned once for all formats: valid UTF-8, LF line breaks.
//
// # Publishing
//
// Publish (or Begin, Append per site, Commit, for releases larger than
// memory) writes every file into DIR/releases/.tmp-<id>/, fsyncs it,
// renames the directory to its final name (refusing to replace one: a
// release is write-once) and then switches latest.json atomically (temporary
// file, fsync, rename, fsync of the directory). A reader therefore sees the
// old release or the new one, whole; the next publication removes what a
// crashed one left. Publishers of one DIR take turns on an flock.
//
// The same snapshots, rule catalog and as-of date give byte-identical table
// files: only datapackage.json and latest.json carry the creation time
// (findings also carry the release id).
//
// # Reading
//
// Load verifies every file against SHA256SUMS and reads tables back from
// Parquet; Scan streams one table; Diff and DiffReleases compare two
// releases, and Changes.WriteText prints the comparison for people.
package datasets
