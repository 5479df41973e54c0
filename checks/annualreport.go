package checks

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gongkai/crawler/snapshot"
)

// table3 holds the four rows of 表三 that the template's identity links.
type table3 struct {
	received, carried, total, forward []float64
}

// findTable3 finds, among a report's tables, the one with the 本年新收 and
// 结转下年 rows, and reads the numbers of the four rows.
func findTable3(tables []snapshot.Table, rows ArithmeticRows) (table3, bool) {
	for _, t := range tables {
		var t3 table3
		for _, row := range t.Rows {
			label, nums := splitRow(row)
			if len(nums) == 0 {
				continue
			}
			switch l := normLabel(label); {
			case strings.Contains(l, rows.Received) && t3.received == nil:
				t3.received = nums
			case strings.Contains(l, rows.Carried) && t3.carried == nil:
				t3.carried = nums
			case strings.Contains(l, rows.Forward) && t3.forward == nil:
				t3.forward = nums
			case strings.Contains(l, rows.Total) && t3.total == nil && t3.received != nil:
				t3.total = nums
			}
		}
		if t3.received != nil && t3.carried != nil && t3.total != nil && t3.forward != nil {
			return t3, true
		}
	}
	return table3{}, false
}

// splitRow splits a table row into its label (the non-numeric cells) and the
// trailing run of numbers (empty and dash cells read as 0 inside the run).
func splitRow(row []string) (string, []float64) {
	end := len(row)
	var nums []float64
	i := end - 1
	for ; i >= 0; i-- {
		v, ok := cellNumber(row[i])
		if !ok {
			break
		}
		nums = append(nums, v)
	}
	label := strings.Join(row[:i+1], "")
	for l, r := 0, len(nums)-1; l < r; l, r = l+1, r-1 {
		nums[l], nums[r] = nums[r], nums[l]
	}
	if allZeroBlank(row[i+1:]) {
		return label, nil
	}
	return label, nums
}

func allZeroBlank(cells []string) bool {
	for _, c := range cells {
		if _, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(c, ",", "")), 64); err == nil {
			return false
		}
	}
	return true
}

func cellNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(widthFold.Replace(s), ",", ""))
	switch s {
	case "", "-", "—", "/", "无":
		return 0, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// check returns one message per broken identity.
func (t table3) check(ap *ArithmeticParams) []string {
	var errs []string
	n := min(len(t.received), len(t.carried), len(t.total), len(t.forward))
	cols := ap.Columns
	for j := 0; j < n; j++ {
		r, c, tot, f := tail(t.received, n, j), tail(t.carried, n, j), tail(t.total, n, j), tail(t.forward, n, j)
		if math.Abs(r+c-tot-f) > 1e-9 {
			errs = append(errs, fmt.Sprintf("%s列：本年新收%s+上年结转%s≠办理结果总计%s+结转下年%s",
				columnName(cols, n, j), num(r), num(c), num(tot), num(f)))
		}
	}
	if ap.CheckRowTotals {
		for _, row := range []struct {
			name string
			v    []float64
		}{{"本年新收", t.received}, {"上年结转", t.carried}, {"办理结果总计", t.total}, {"结转下年", t.forward}} {
			if len(row.v) != len(cols) {
				continue
			}
			sum := 0.0
			for _, x := range row.v[:len(row.v)-1] {
				sum += x
			}
			if last := row.v[len(row.v)-1]; math.Abs(sum-last) > 1e-9 {
				errs = append(errs, fmt.Sprintf("%s行：各列之和%s≠%s%s", row.name, num(sum), cols[len(cols)-1], num(last)))
			}
		}
	}
	return errs
}

// tail returns the j-th of the last n values (rows are right-aligned: label
// cells vary in number, the numeric columns do not).
func tail(v []float64, n, j int) float64 { return v[len(v)-n+j] }

func columnName(cols []string, n, j int) string {
	if n == len(cols) {
		return cols[j]
	}
	return fmt.Sprintf("第%d", j+1)
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// reportRef is a 政府信息公开工作年度报告 seen on the site: its own page, or a
// list entry or link naming it.
type reportRef struct {
	title string
	url   string
	year  int
	date  Date // publication date shown (page header or list entry)
}

// findReports collects annual-report references: report pages, and list
// entries and links whose text is a report title.
func (c *Catalog) findReports(v *siteView) []reportRef {
	seen := map[string]int{}
	var out []reportRef
	add := func(title, url string, date Date) {
		m := c.Patterns.annualReport.FindStringSubmatch(title)
		if m == nil {
			return
		}
		if i, ok := seen[url]; ok && url != "" {
			if out[i].date.IsZero() {
				out[i].date = date
			}
			return
		}
		seen[url] = len(out)
		out = append(out, reportRef{title: collapseSpace(title), url: url, year: atoi(m[1]), date: date})
	}
	for _, pv := range v.pages {
		if pv.typ == TypeAnnualReport {
			add(pageTitle(pv.p), pv.p.URL, pv.published)
		}
	}
	for _, pv := range v.pages {
		for _, it := range dated(pv.p.Items, v.asOf) {
			add(it.Title, it.URL, it.Date)
		}
		for _, a := range pv.p.Anchors {
			if a.Tag != formTag {
				add(a.Text, a.URL, Date{})
			}
		}
	}
	return out
}
