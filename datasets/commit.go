package datasets

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// ID returns the id the release will be published under.
func (rw *ReleaseWriter) ID() string { return rw.id }

// Append writes a batch of rows, typically one site's. Each table's rows
// are sorted by primary key in place, and must sort after every row of the
// same table appended before: append sites in site_id order. Provenance fields
// that Begin left empty are taken from t.Provenance. Findings get
// this release's id. Changes are computed by Commit and must be empty.
func (rw *ReleaseWriter) Append(ctx context.Context, t *Tables) error {
	if err := rw.usable(ctx); err != nil {
		return err
	}
	if len(t.Changes) > 0 {
		return fmt.Errorf("append to release %s: changes are computed at commit", rw.id)
	}
	if err := rw.adoptProvenance(t.Provenance); err != nil {
		return fmt.Errorf("append to release %s: %w", rw.id, err)
	}
	for i := range t.Findings {
		t.Findings[i].ReleaseID = rw.id
	}
	site := ""
	if len(t.Sites) == 1 {
		site = t.Sites[0].SiteID
	}
	for _, e := range releaseTables {
		dropped, err := rw.w[e.tableName()].write(t)
		if err != nil {
			// Part of the batch may be written: the release can only be aborted.
			rw.err = fmt.Errorf("append to release %s: %w", rw.id, err)
			return rw.err
		}
		if dropped > 0 {
			rw.opts.logger().Warn("rows with a duplicate key dropped", "site", site, "table", e.tableName(), "rows", dropped)
		}
	}
	rw.cur.add(t)
	return nil
}

// adoptProvenance fills the release's Provenance fields that are still empty from a
// batch's; a batch may not contradict what is already set.
func (rw *ReleaseWriter) adoptProvenance(in Provenance) error {
	if !in.AsOf.IsZero() {
		if rw.prov.AsOf.IsZero() {
			rw.prov.AsOf = in.AsOf
		} else if DayOf(rw.prov.AsOf) != DayOf(in.AsOf) {
			return fmt.Errorf("as-of %s differs from %s", DayOf(in.AsOf), DayOf(rw.prov.AsOf))
		}
	}
	for _, f := range []struct {
		dst       *string
		src, what string
	}{
		{&rw.prov.RulesVersion, in.RulesVersion, "rules version"},
		{&rw.prov.AuditID, in.AuditID, "audit id"},
	} {
		switch {
		case f.src == "":
		case *f.dst == "":
			*f.dst = f.src
		case *f.dst != f.src:
			return fmt.Errorf("%s %q differs from %q", f.what, f.src, *f.dst)
		}
	}
	return nil
}

func (rw *ReleaseWriter) usable(ctx context.Context) error {
	if rw.done {
		return fmt.Errorf("release %s: already committed or aborted", rw.id)
	}
	if rw.err != nil {
		return rw.err
	}
	return ctx.Err()
}

// Commit computes the changes against the current latest release, writes
// datapackage.json and SHA256SUMS, publishes the directory and switches
// latest.json. On error the release is not published and Commit cleans up.
func (rw *ReleaseWriter) Commit(ctx context.Context) (_ string, err error) {
	defer func() {
		if err != nil {
			rw.Abort()
		}
	}()
	if err := rw.usable(ctx); err != nil {
		return "", err
	}
	prevID, prev := rw.previous()
	if _, err := rw.w[TableChanges].write(&Tables{Changes: diffRows(prevID, rw.id, prev, &rw.cur)}); err != nil {
		return "", fmt.Errorf("commit release %s: %w", rw.id, err)
	}
	files, err := rw.closeWriters()
	if err != nil {
		return "", fmt.Errorf("commit release %s: %w", rw.id, err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	dict, err := loadDictionary()
	if err != nil {
		return "", err
	}
	pkg := buildPackage(dict, packageInput{id: rw.id, prevID: prevID, created: rw.created, prov: rw.prov, opts: rw.opts, files: files})
	if err := rw.writeManifests(pkg, files); err != nil {
		return "", fmt.Errorf("commit release %s: %w", rw.id, err)
	}
	if err := renameNoReplace(rw.tmp, filepath.Join(rw.releases, rw.id)); err != nil {
		return "", fmt.Errorf("commit release %s: %w", rw.id, err)
	}
	rw.done = true // published: from here on nothing is removed
	defer rw.lock.unlock()
	if err := syncDir(rw.releases); err != nil {
		return "", fmt.Errorf("commit release %s: %w", rw.id, err)
	}
	if err := writeLatest(rw.releases, pkg); err != nil {
		return "", fmt.Errorf("release %s published but %s not switched: %w", rw.id, LatestFile, err)
	}
	return rw.id, nil
}

// previous loads what the changes table needs from the current latest
// release. A missing or damaged previous release yields no changes.
func (rw *ReleaseWriter) previous() (string, *diffInput) {
	id, err := readLatest(rw.releases)
	if err == nil && id != "" {
		var r *Release
		r, err = loadRelease(rw.releases, id, false, TableSites, TableFindings, TableScores)
		if err == nil {
			return id, newDiffInput(&r.Tables)
		}
	}
	if err != nil {
		rw.opts.logger().Warn("previous release unreadable: no changes table", "err", err)
	}
	return "", &diffInput{}
}

func (rw *ReleaseWriter) closeWriters() (map[string]tableFiles, error) {
	out := map[string]tableFiles{}
	for name, w := range rw.w {
		f, err := w.close()
		if err != nil {
			return nil, err
		}
		out[name] = f
	}
	return out, nil
}

// writeManifests writes datapackage.json and SHA256SUMS and syncs the
// temporary directory.
func (rw *ReleaseWriter) writeManifests(pkg *DataPackage, files map[string]tableFiles) error {
	b, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return fmt.Errorf("encode datapackage.json: %w", err)
	}
	dp, err := writeFileSync(rw.tmp, PackageFile, append(b, '\n'))
	if err != nil {
		return err
	}
	var tablesFiles []File
	for _, tf := range files {
		tablesFiles = append(tablesFiles, tf.parquet...)
		tablesFiles = append(tablesFiles, tf.csv, tf.gzcsv)
		if tf.excel.Path != "" {
			tablesFiles = append(tablesFiles, tf.excel)
		}
	}
	if err := syncFiles(rw.tmp, tablesFiles); err != nil {
		return err
	}
	if _, err := writeFileSync(rw.tmp, SumsFile, formatSums(append(tablesFiles, dp))); err != nil {
		return err
	}
	return syncDir(rw.tmp)
}

// Abort discards an unpublished release and releases the lock. It is safe
// to call more than once and after Commit (then it only releases the lock).
func (rw *ReleaseWriter) Abort() {
	if !rw.done && rw.tmp != "" {
		for _, w := range rw.w {
			w.abort() // close the open files
		}
		os.RemoveAll(rw.tmp)
	}
	rw.done = true
	rw.lock.unlock()
}

// PackageFile is the name of the Frictionless descriptor of a release.
const PackageFile = "datapackage.json"

// Publish writes t as a new release in DIR/releases and makes it the
// latest; it returns the release id. Rows are sorted in place.
func Publish(ctx context.Context, dir string, t *Tables, opts PublishOptions) (string, error) {
	rw, err := Begin(ctx, dir, t.Provenance, opts)
	if err != nil {
		return "", err
	}
	if err := rw.Append(ctx, t); err != nil {
		rw.Abort()
		return "", err
	}
	return rw.Commit(ctx)
}
