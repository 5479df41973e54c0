package reports

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"sync"
	texttemplate "text/template"
)

// Format is the file format of a report.
type Format string

// The formats of reports.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	PDF      Format = "pdf"
)

// ParseFormat returns the format named by s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Markdown, HTML, PDF:
		return f, nil
	}
	return "", fmt.Errorf("format %q: want html, pdf or md", s)
}

// Printer prints an HTML document to PDF. The document is self-contained
// (styles, images and charts inline); the printer must fetch nothing. Its
// CSS sets the page size, margins and page numbers (@page), so a printer
// prints with the document's own page settings.
type Printer interface {
	PrintPDF(ctx context.Context, html []byte) ([]byte, error)
}

// Writer writes the reports of one release. It is safe for concurrent
// use: a pool of printers serves many reports at once.
type Writer struct {
	Data *Data
	Lang Lang
	// Printer prints PDF reports; only PDF needs it.
	Printer Printer
	// MarkdownData is how Markdown reports refer to the data directory
	// in image links (screenshots): a path relative to where the report
	// is read, "" for the data directory itself.
	MarkdownData string
}

//go:embed templates
var templateFS embed.FS

// The templates are parsed once; each report clones them with its own
// functions (language, release).
var (
	htmlTemplates = sync.OnceValues(func() (*htmltemplate.Template, error) {
		return htmltemplate.New("").Funcs(htmlFuncs(nil, Chinese)).ParseFS(templateFS, "templates/*.html.tmpl")
	})
	mdTemplates = sync.OnceValues(func() (*texttemplate.Template, error) {
		return texttemplate.New("").Funcs(textFuncs(nil, Chinese)).ParseFS(templateFS, "templates/*.md.tmpl")
	})
	styleCSS = sync.OnceValues(func() ([]byte, error) { return templateFS.ReadFile("templates/style.css") })
)

// Site writes the report of one site in format f.
func (w *Writer) Site(ctx context.Context, out io.Writer, siteID string, f Format) error {
	sc, err := w.Data.Scorecard(siteID)
	if err != nil {
		return err
	}
	p := w.page(label(w.Lang, "title.site")+" · "+sc.Site.Name, sc.Site.Name)
	p.Scorecard = sc
	// An agency's report names no other site, and cites the source of
	// each rule it shows beside the rule: its appendix keeps the release,
	// the method, the grades, the crawl parameters and the verification
	// levels; the whole catalog is in the summary's.
	m := p.Methodology
	m.Unreached, m.Limited, m.NotChecked, m.Rules = nil, nil, nil, nil
	p.TOC = siteTOC(sc, w.Lang)
	if err := w.write(ctx, out, "site", p, f); err != nil {
		return fmt.Errorf("report on site %s: %w", siteID, err)
	}
	return nil
}

// Summary writes the summary report of the release in format f.
func (w *Writer) Summary(ctx context.Context, out io.Writer, f Format) error {
	p := w.page(label(w.Lang, "title.summary"), label(w.Lang, "title.summary"))
	p.Summary = w.Data.Summary()
	p.TOC = summaryTOC(w.Lang)
	if err := w.write(ctx, out, "summary", p, f); err != nil {
		return fmt.Errorf("summary report: %w", err)
	}
	return nil
}

// page is what the templates get.
type page struct {
	Lang        Lang
	Title       string
	RunningHead htmltemplate.CSS
	Note        string
	CSS         htmltemplate.CSS
	PageCounter htmltemplate.CSS
	TOC         []tocEntry
	Scorecard   *Scorecard
	Summary     *Summary
	Methodology *Methodology
}

// tocEntry is a line of the table of contents.
type tocEntry struct{ ID, Title string }

func (w *Writer) page(title, head string) *page {
	return &page{Lang: w.Lang, Title: title, RunningHead: cssString("gongkai · " + head),
		Note: label(w.Lang, "msg.zh_only"), Methodology: w.Data.Methodology()}
}

func (w *Writer) write(ctx context.Context, out io.Writer, name string, p *page, f Format) error {
	switch f {
	case Markdown:
		return w.markdown(out, name, p)
	case HTML:
		return w.html(out, name, p)
	case PDF:
		if w.Printer == nil {
			return fmt.Errorf("no PDF printer")
		}
		var doc bytes.Buffer
		if err := w.html(&doc, name, p); err != nil {
			return err
		}
		pdf, err := w.Printer.PrintPDF(ctx, doc.Bytes())
		if err != nil {
			return fmt.Errorf("print PDF: %w", err)
		}
		_, err = out.Write(pdf)
		return err
	}
	return fmt.Errorf("format %q: want html, pdf or md", f)
}

func (w *Writer) html(out io.Writer, name string, p *page) error {
	base, err := htmlTemplates()
	if err != nil {
		return err
	}
	css, err := styleCSS()
	if err != nil {
		return err
	}
	p.CSS = htmltemplate.CSS(css)
	p.PageCounter = pageCounter(w.Lang)
	t, err := base.Clone()
	if err != nil {
		return err
	}
	return t.Funcs(htmlFuncs(w, w.Lang)).ExecuteTemplate(out, name, p)
}

func (w *Writer) markdown(out io.Writer, name string, p *page) error {
	base, err := mdTemplates()
	if err != nil {
		return err
	}
	t, err := base.Clone()
	if err != nil {
		return err
	}
	return t.Funcs(textFuncs(w, w.Lang)).ExecuteTemplate(out, name, p)
}

// pageCounter is the CSS content of the page-number box: "第 N 页，共 M
// 页" or "Page N of M".
func pageCounter(lang Lang) htmltemplate.CSS {
	if lang == English {
		return `"Page " counter(page) " of " counter(pages)`
	}
	return `"第 " counter(page) " 页，共 " counter(pages) " 页"`
}

// cssString quotes s as a CSS string, every character outside letters,
// digits, space and non-ASCII escaped (so no quote, backslash or "</style"
// can end it).
func cssString(s string) htmltemplate.CSS {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 0x80 && r != 0x2028 && r != 0x2029, r == ' ',
			r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	b.WriteByte('"')
	return htmltemplate.CSS(b.String())
}

func siteTOC(sc *Scorecard, lang Lang) []tocEntry {
	toc := []tocEntry{{"verdict", label(lang, "sec.verdict")}, {"fixes", label(lang, "sec.fixes")}, {"items", label(lang, "sec.items")}}
	for _, s := range []struct {
		id   string
		show bool
	}{{"columns", len(sc.Columns) > 0}, {"documents", len(sc.Documents) > 0}, {"guides", len(sc.Guides) > 0},
		{"notes", len(sc.Notes) > 0}, {"notchecked", len(sc.NotChecked) > 0}, {"changes", true}, {"crawl", true}} {
		if s.show {
			toc = append(toc, tocEntry{s.id, label(lang, "sec."+s.id)})
		}
	}
	return append(toc, tocEntry{"methodology", label(lang, "title.methodology")})
}

func summaryTOC(lang Lang) []tocEntry {
	var toc []tocEntry
	for _, id := range []string{"overview", "grades", "ranking", "rules", "ipv6", "links", "changes"} {
		toc = append(toc, tocEntry{id, label(lang, "sec."+id)})
	}
	return append(toc, tocEntry{"methodology", label(lang, "title.methodology")})
}
