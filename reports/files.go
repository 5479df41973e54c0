package reports

import (
	"context"
	"os"
	"path/filepath"
	"sync"
)

// SummaryName is the file name (without extension) of the summary among
// the per-site reports of WriteDir: site ids never start with "_".
const SummaryName = "_summary"

// WriteFile writes the report of site (the summary when "") to path,
// atomically: a reader never sees half a report. Markdown links to the
// screenshots relative to path's directory.
func (w *Writer) WriteFile(ctx context.Context, path, site string, f Format) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	ww := *w
	if ww.MarkdownData == "" {
		ww.MarkdownData = relativeTo(dir, w.Data.dir)
	}
	if site == "" {
		err = ww.Summary(ctx, tmp, f)
	} else {
		err = ww.Site(ctx, tmp, site, f)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// relativeTo returns target as a slash path relative to dir (absolute
// when it cannot be).
func relativeTo(dir, target string) string {
	ad, err1 := filepath.Abs(dir)
	at, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(target)
	}
	rel, err := filepath.Rel(ad, at)
	if err != nil {
		return filepath.ToSlash(at)
	}
	return filepath.ToSlash(rel)
}

// WriteDir writes the summary (SummaryName.EXT) and every site's report
// (SITE_ID.EXT) into dir, workers at a time. It returns how many it wrote
// and the first error; a failed report does not stop the others.
func (w *Writer) WriteDir(ctx context.Context, dir string, f Format, workers int) (int, error) {
	jobs := make(chan string)
	var (
		mu    sync.Mutex
		n     int
		first error
		wg    sync.WaitGroup
	)
	for range max(1, workers) {
		wg.Go(func() {
			for site := range jobs {
				name := site
				if name == "" {
					name = SummaryName
				}
				err := w.WriteFile(ctx, filepath.Join(dir, name+"."+string(f)), site, f)
				mu.Lock()
				if err == nil {
					n++
				} else if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for _, site := range append([]string{""}, w.Data.SiteIDs()...) {
		if ctx.Err() != nil {
			break
		}
		jobs <- site
	}
	close(jobs)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return n, first
}
