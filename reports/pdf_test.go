package reports_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai/crawler/render"
	"gongkai/reports"
	"gongkai/reports/internal/fixture"
)

// needTools fails the test under CI=true, and skips it elsewhere, when a
// program it runs is missing (poppler-utils).
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("CI=true: %s not found (apt-get install poppler-utils)", tool)
			}
			t.Skipf("%s not found (apt-get install poppler-utils)", tool)
		}
	}
}

// newPrinter returns the hardened browser's printer; no browser fails
// under CI=true and skips elsewhere.
func newPrinter(t *testing.T) *render.Printer {
	t.Helper()
	p, err := render.NewPrinter(context.Background(), render.PrinterConfig{})
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skip(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// run runs a program and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return string(out)
}

// printReport writes a report as PDF into dir and returns its path.
func printReport(t *testing.T, w *reports.Writer, dir, site string) string {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if site == "" {
		err = w.Summary(context.Background(), &buf, reports.PDF)
		site = "summary"
	} else {
		err = w.Site(context.Background(), &buf, site, reports.PDF)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, site+"."+string(w.Lang)+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPDFReports prints the summary and site reports of the second sample
// release and reads them back with poppler: every site, score and grade
// and the Chinese text are in the text, every font is embedded (Noto CJK
// among them), pages are numbered "第 N 页，共 M 页", and the second page
// of the summary (ranking and failure-rate chart) is rendered to PNG as an artefact
// (go test -artifacts keeps it).
func TestPDFReports(t *testing.T) {
	needTools(t, "pdftotext", "pdffonts", "pdftoppm")
	p := newPrinter(t)
	d := sampleData(t, secondRelease)
	dir := t.TempDir()
	w := &reports.Writer{Data: d, Lang: reports.Chinese, Printer: p}

	summary := printReport(t, w, dir, "")
	text := run(t, "pdftotext", "-layout", summary, "-")
	s := d.Summary()
	for _, r := range s.Ranking {
		want := []string{r.Site.Name, r.Site.SiteID, reports.GradeName(r.Score.Grade, reports.Chinese)}
		if r.Score.Score != nil {
			want = append(want, strconv.FormatFloat(math.Round(*r.Score.Score*100)/100, 'f', -1, 64))
		}
		line := lineWith(text, r.Site.SiteID+" ")
		for _, w := range want {
			if !strings.Contains(line, w) {
				t.Errorf("summary: ranking line of %s lacks %q: %q", r.Site.SiteID, w, line)
			}
		}
	}
	for _, w := range []string{"政府网站政务公开评估总报告", "等级分布", "各规则不通过率", "附录：评估方法", "首页链接不可用"} {
		if !strings.Contains(text, w) {
			t.Errorf("summary: no %q in the text", w)
		}
	}
	pages := strings.Count(text, "\f")
	if pages < 3 || !regexp.MustCompile(`第 1 页，共 \d+ 页`).MatchString(text) {
		t.Errorf("summary: %d pages, page numbers missing or wrong", pages)
	}
	checkFonts(t, summary)

	// The page with the grade chart, as a picture to look at.
	art := t.ArtifactDir()
	run(t, "pdftoppm", "-png", "-r", "70", "-f", "2", "-l", "2", summary, filepath.Join(art, "summary-page"))
	pngs, _ := filepath.Glob(filepath.Join(art, "summary-page*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm made %v", pngs)
	}
	if st, err := os.Stat(pngs[0]); err != nil || st.Size() < 10_000 {
		t.Errorf("page PNG %s: %v, %d bytes: blank?", pngs[0], err, st.Size())
	}
	t.Logf("summary page 2: %s", pngs[0])

	site := printReport(t, w, dir, "banshi")
	text = run(t, "pdftotext", "-layout", site, "-")
	for _, w := range []string{"办事县政务服务中心", "不合格", "服务不实用", "再生育审批", "设定依据", "整改建议", "国办秘函〔2019〕19号"} {
		if !strings.Contains(text, w) {
			t.Errorf("banshi: no %q in the text", w)
		}
	}
	checkFonts(t, site)

	w.Lang = reports.English
	en := run(t, "pdftotext", "-layout", printReport(t, w, dir, "deadlinks"), "-")
	for _, w := range []string{"德林县人民政府", "85.6", "Good", "Dead links on the homepage", "Page 1 of"} {
		if !strings.Contains(en, w) {
			t.Errorf("deadlinks (en): no %q in the text", w)
		}
	}
}

// lineWith returns the first line of text containing s.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// checkFonts fails unless the PDF has fonts, every one embedded and
// mapped to Unicode (its text can be searched and copied). Chromium
// writes CFF-flavoured OpenType fonts, as Debian's Noto CJK is, as
// unnamed Type 3 fonts: that the CSS font family is Noto CJK is checked
// on the font configuration instead (fc-match).
func checkFonts(t *testing.T, pdf string) {
	t.Helper()
	out := run(t, "pdffonts", pdf)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("%s: no fonts:\n%s", pdf, out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [encoding] emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("%s: font not embedded or without Unicode map: %s", filepath.Base(pdf), l)
		}
	}
}

// TestCJKFontResolves: the font family the reports ask for is Noto CJK
// on this machine (fonts-noto-cjk), so the glyphs embedded are Noto's.
func TestCJKFontResolves(t *testing.T) {
	needTools(t, "fc-match")
	out := run(t, "fc-match", "Noto Sans CJK SC")
	if !strings.Contains(out, "NotoSansCJK") {
		t.Errorf("fc-match Noto Sans CJK SC: %s (apt-get install fonts-noto-cjk)", out)
	}
}

// TestPDFTablesBreakBetweenRows prints the summary of a release of 132
// sites: the ranking runs over several pages, every row stays whole on
// one line of one page, and the table's header is repeated on each page.
func TestPDFTablesBreakBetweenRows(t *testing.T) {
	needTools(t, "pdftotext")
	p := newPrinter(t)
	dir := t.TempDir()
	ids, err := fixture.Publish(context.Background(), dir, fixture.Config{Audit: storedAudit, Copies: 12,
		Releases: []fixture.Release{{ID: "20261120T000000Z-001", Created: day(2026, 11, 20), AsOf: day(2026, 11, 20)}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := reports.Open(dir, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	w := &reports.Writer{Data: d, Lang: reports.Chinese, Printer: p}
	text := run(t, "pdftotext", "-layout", printReport(t, w, t.TempDir(), ""), "-")
	rowPages := map[int]bool{}
	for i, page := range strings.Split(text, "\f") {
		for _, id := range d.SiteIDs() {
			if strings.Contains(page, " "+id+" ") {
				rowPages[i] = true
				if l := lineWith(page, " "+id+" "); !strings.Contains(l, "县") && !strings.Contains(l, "市") &&
					!strings.Contains(l, "区") && !strings.Contains(l, "镇") && !strings.Contains(l, "中心") && !strings.Contains(l, "局") {
					t.Errorf("page %d: the row of %s is split: %q", i+1, id, l)
				}
			}
		}
	}
	if len(rowPages) < 2 {
		t.Fatalf("the ranking of %d sites fits on %d page(s): the test shows nothing", len(d.SiteIDs()), len(rowPages))
	}
	for i := range rowPages {
		page := strings.Split(text, "\f")[i]
		if !strings.Contains(page, "网站编号") {
			t.Errorf("page %d has ranking rows but no table header", i+1)
		}
	}
}
