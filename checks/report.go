package checks

import (
	"regexp"
	"strings"
	"time"

	"gongkai/crawler/snapshot"
)

// ReportTemplate is the catalog's vocabulary of the 政府信息公开工作年度报告
// template (国办公开办函〔2019〕60号, 〔2021〕30号): the words that find its
// standard tables, and how table 4 (行政复议、行政诉讼) is laid out.
type ReportTemplate struct {
	// ActiveRows are row labels of table 2 (主动公开政府信息情况).
	ActiveRows []string `yaml:"active_rows" json:"active_rows"`
	// RequestRows are the row labels of table 3 (收到和处理政府信息公开申请)
	// whose total column a report states: 本年新收, 上年结转, 总计, 结转下年度.
	RequestRows []string `yaml:"request_rows" json:"request_rows"`
	// ReviewHeader are the words of table 4's header row.
	ReviewHeader []string `yaml:"review_header" json:"review_header"`
	// ReviewGroups and ReviewColumns name table 4's figures, in order: each
	// group has one figure per column.
	ReviewGroups  []string `yaml:"review_groups" json:"review_groups"`
	ReviewColumns []string `yaml:"review_columns" json:"review_columns"`
}

// Report is what an annual report page shows.
type Report struct {
	URL            string
	Year           int
	Issuer         string // a labelled issuer (发文机关, ...), never a 来源
	PublishedDate  Date
	StandardTables bool        // tables 2, 3 and 4 of the 2019+ template are present
	FirstTable     ReportTable // the report's first data table
	// Applications maps each of the template's request rows (本年新收, ...)
	// to its total as displayed.
	Applications map[string]string
	// Review maps table 4's groups and columns to the figures displayed.
	Review map[string]map[string]string
}

// ReviewAllZero reports a table 4 whose figures are all zero (or absent).
func (r Report) ReviewAllZero() bool {
	for _, g := range r.Review {
		for _, v := range g {
			if n, ok := cellNumber(v); !ok || n != 0 {
				return false
			}
		}
	}
	return true
}

// ReportTable is a report table read as figures: row label × column
// label, under the header row above each block of rows.
type ReportTable struct {
	Caption string
	figures map[string]map[string]string // normalised row → normalised column → value
}

// Figure returns the value displayed at row × column ("" when none).
func (t ReportTable) Figure(row, col string) string {
	return t.figures[normLabel(row)][normLabel(col)]
}

// ReportInfo reads an annual report page: its year (from its title), its
// labelled issuer and publication date, whether the standard tables of the
// 2019+ template are there (found by their rows, so a misspelt heading
// does not hide one), and the figures of its first table, table 3's totals
// and table 4.
func (c *Catalog) ReportInfo(p *snapshot.Page, asOf time.Time) Report {
	r := Report{URL: p.URL}
	for _, t := range []string{pageTitle(p), p.Title} {
		if m := c.Patterns.annualReport.FindStringSubmatch(t); m != nil {
			r.Year = atoi(m[1])
			break
		}
	}
	d := c.Metadata(p, asOf)
	r.Issuer, r.PublishedDate = d.Issuer, d.PublishedDate
	if len(p.Tables) > 0 {
		r.FirstTable = readFigures(p.Tables[0])
	}
	tpl := &c.Synonyms.Report
	active, requests, review := false, false, false
	for _, t := range p.Tables {
		active = active || hasRow(t, tpl.ActiveRows)
		if r.Applications == nil {
			r.Applications = requestTotals(t, tpl.RequestRows)
		}
		if r.Review == nil {
			r.Review = reviewFigures(t, tpl)
		}
	}
	requests, review = r.Applications != nil, r.Review != nil
	r.StandardTables = active && requests && review
	return r
}

// figureRE matches a displayed figure: a number with an optional unit.
var figureRE = regexp.MustCompile(`^[-+]?[0-9][0-9,]*(\.[0-9]+)?\s*(元|万元|亿元|件|条|个|项|人次|次|%|％)?$`)

func isFigure(s string) bool { return figureRE.MatchString(strings.TrimSpace(widthFold.Replace(s))) }

// readFigures maps a table's rows to figures. A row without figures and
// of at least two cells is a header for the rows below it; a row as wide as
// its header maps cell to cell (its first cell the label), a narrower one
// takes its leading non-figure cells as the label and aligns its figures
// to the header's last columns.
func readFigures(t snapshot.Table) ReportTable {
	out := ReportTable{Caption: t.Caption, figures: map[string]map[string]string{}}
	var header []string
	for _, row := range t.Rows {
		figures := 0
		for _, cell := range row {
			if isFigure(cell) {
				figures++
			}
		}
		if figures == 0 {
			if len(row) >= 2 {
				header = row
			}
			continue
		}
		if header == nil || len(row) < 2 {
			continue
		}
		label, cols, vals := row[0], header[1:], row[1:]
		if len(row) != len(header) {
			k := 0
			for k < len(row) && !isFigure(row[k]) {
				k++
			}
			label, vals = strings.Join(row[:k], ""), row[k:]
			if len(vals) > len(header)-1 {
				continue
			}
			cols = header[len(header)-len(vals):]
		}
		key := normLabel(label)
		if key == "" {
			continue
		}
		if out.figures[key] == nil {
			out.figures[key] = map[string]string{}
		}
		for i, v := range vals {
			out.figures[key][normLabel(cols[i])] = strings.TrimSpace(v)
		}
	}
	return out
}

// hasRow reports a row whose first cell names one of words.
func hasRow(t snapshot.Table, words []string) bool {
	for _, row := range t.Rows {
		if len(row) > 1 {
			n := normLabel(row[0])
			for _, w := range words {
				if n == w || strings.HasSuffix(n, w) {
					return true
				}
			}
		}
	}
	return false
}

// requestTotals reads the total column of table 3's request rows, or nil
// when the table is not table 3 (it lacks the first or last of them). The
// total row is the first after the first request row.
func requestTotals(t snapshot.Table, rows []string) map[string]string {
	if len(rows) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, row := range t.Rows {
		label, last := rowTotal(row)
		if last == "" {
			continue
		}
		for i, w := range rows {
			if _, done := out[w]; done || !strings.Contains(label, w) || (i > 0 && len(out) == 0) {
				continue
			}
			out[w] = last
			break
		}
	}
	if out[rows[0]] == "" || out[rows[len(rows)-1]] == "" {
		return nil
	}
	return out
}

// rowTotal returns a row's label (its non-figure cells, normalised) and
// its last cell when that is a figure.
func rowTotal(row []string) (string, string) {
	if len(row) < 2 || !isFigure(row[len(row)-1]) {
		return "", ""
	}
	var b strings.Builder
	for _, c := range row {
		if !isFigure(c) {
			b.WriteString(c)
		}
	}
	return normLabel(b.String()), strings.TrimSpace(row[len(row)-1])
}

// reviewFigures reads table 4: a header row naming every review_header
// word, then the first row of as many figures as groups × columns.
func reviewFigures(t snapshot.Table, tpl *ReportTemplate) map[string]map[string]string {
	want := len(tpl.ReviewGroups) * len(tpl.ReviewColumns)
	if want == 0 {
		return nil
	}
	header := false
	for _, row := range t.Rows {
		joined := normLabel(strings.Join(row, ""))
		if !header {
			header = len(tpl.ReviewHeader) > 0
			for _, w := range tpl.ReviewHeader {
				header = header && strings.Contains(joined, w)
			}
			continue
		}
		var nums []string
		for _, c := range row {
			if isFigure(c) {
				nums = append(nums, strings.TrimSpace(c))
			}
		}
		if len(nums) < want {
			continue
		}
		nums = nums[len(nums)-want:]
		out := map[string]map[string]string{}
		for g, group := range tpl.ReviewGroups {
			out[group] = map[string]string{}
			for k, col := range tpl.ReviewColumns {
				out[group][col] = nums[g*len(tpl.ReviewColumns)+k]
			}
		}
		return out
	}
	return nil
}
