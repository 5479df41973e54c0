package checks

import (
	"fmt"
	"regexp"
	"time"
)

// AnnualReportParams configures annual_report (条例第四十九条).
type AnnualReportParams struct {
	// Deadlines maps a site kind to the publication deadline (MM-DD) of the
	// previous year's report: 01-31 for departments, 03-31 for governments.
	Deadlines map[string]string `yaml:"deadlines" json:"deadlines"`
	// LatePoints are deducted (instead of the rule's points) when the report
	// was published after the deadline.
	LatePoints float64 `yaml:"late_points" json:"late_points"`
	month, day map[string]int
}

var monthDayRE = regexp.MustCompile(`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)

func newAnnualReportParams() kindParams { return &AnnualReportParams{} }

func (a *AnnualReportParams) validate(*Catalog) *paramError {
	a.month, a.day = map[string]int{}, map[string]int{}
	for _, k := range []string{"portal", "department"} {
		m := monthDayRE.FindStringSubmatch(a.Deadlines[k])
		if m == nil {
			return perr("deadlines."+k, "need a MM-DD deadline for %s, got %q", k, a.Deadlines[k])
		}
		a.month[k], a.day[k] = atoi(m[1]), atoi(m[2])
	}
	for k := range a.Deadlines {
		if k != "portal" && k != "department" {
			return perr("deadlines."+k, "%q is not portal or department", k)
		}
	}
	if a.LatePoints < 0 {
		return perr("late_points", "must not be negative")
	}
	return nil
}

// dueReport returns the year of the latest report already due as of asOf,
// and its deadline.
func (a *AnnualReportParams) dueReport(siteKind string, asOf Date) (int, Date) {
	if _, ok := a.month[siteKind]; !ok {
		siteKind = "portal"
	}
	deadline := NewDate(asOf.Year(), monthOf(a.month[siteKind]), a.day[siteKind])
	if !asOf.After(deadline) {
		return asOf.Year() - 2, deadline.AddDate(-1, 0, 0)
	}
	return asOf.Year() - 1, deadline
}

// checkAnnualReport looks for the previous year's 政府信息公开工作年度报告
// (the one before it while the deadline has not passed yet) among report
// pages, list entries and links, and checks its date against the deadline.
func checkAnnualReport(p *pass) {
	ap := params[AnnualReportParams](p)
	v := p.site
	year, deadline := ap.dueReport(v.siteKind, v.asOf)
	var found *reportRef
	for i := range v.reports {
		r := &v.reports[i]
		if r.year == year && (found == nil || (found.date.IsZero() && !r.date.IsZero())) {
			found = r
		}
	}
	switch {
	case found == nil:
		p.fail(homeURL(v), "未找到%d年政府信息公开工作年度报告（%s应于%s前公布）", year, siteKindName(v.siteKind), deadline.Format(dateLayout))
	case found.date.IsZero():
		p.ok(found.url, "已公布《%s》（未能确定发布日期；期限%s）", found.title, deadline.Format(dateLayout))
	case found.date.After(deadline):
		p.failPoints(found.url, ap.LatePoints, "《%s》发布日期为%s，晚于法定期限%s", found.title, found.date.Format(dateLayout), deadline.Format(dateLayout))
	default:
		p.ok(found.url, "《%s》于%s公布（期限%s）", found.title, found.date.Format(dateLayout), deadline.Format(dateLayout))
	}
}

func monthOf(m int) time.Month { return time.Month(m) }

// ArithmeticRows are the row labels of 表三 used by the arithmetic check.
type ArithmeticRows struct {
	Received string `yaml:"received" json:"received"` // 一、本年新收政府信息公开申请数量
	Carried  string `yaml:"carried" json:"carried"`   // 二、上年结转政府信息公开申请数量
	Total    string `yaml:"total" json:"total"`       // 三、(七)总计
	Forward  string `yaml:"forward" json:"forward"`   // 四、结转下年度继续办理
}

// ArithmeticParams configures annual_report_arithmetic (年报表三勾稽关系).
type ArithmeticParams struct {
	Rows ArithmeticRows `yaml:"rows" json:"rows"`
	// Columns name the applicant columns, the last being 总计.
	Columns []string `yaml:"columns" json:"columns"`
	// CheckRowTotals also checks that the columns before 总计 add up to it.
	CheckRowTotals bool `yaml:"check_row_totals" json:"check_row_totals"`
}

func newArithmeticParams() kindParams { return &ArithmeticParams{} }

func (a *ArithmeticParams) validate(*Catalog) *paramError {
	if a.Rows.Received == "" || a.Rows.Carried == "" || a.Rows.Total == "" || a.Rows.Forward == "" {
		return perr("rows", "received, carried, total and forward labels are required")
	}
	if len(a.Columns) < 2 {
		return perr("columns", "at least two columns are required")
	}
	return nil
}

// checkArithmetic checks 表三 of every annual-report page: for each column,
// 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理 (the template's own
// note), and optionally that each row's columns add up to its 总计.
func checkArithmetic(p *pass) {
	ap := params[ArithmeticParams](p)
	judged := 0
	for _, pv := range p.site.pages {
		if pv.typ != TypeAnnualReport {
			continue
		}
		t3, ok := findTable3(pv.p.Tables, ap.Rows)
		if !ok {
			continue
		}
		judged++
		errs := t3.check(ap)
		title := pageTitle(pv.p)
		if len(errs) > 0 {
			p.fail(pv.p.URL, "《%s》表三数据不符：%s", title, joinLimited(errs, 5))
		} else {
			p.ok(pv.p.URL, "《%s》表三勾稽关系正确", title)
		}
	}
	if judged == 0 {
		p.na("未发现可读取表三的政府信息公开工作年度报告")
	}
}

func joinLimited(ss []string, n int) string {
	if len(ss) <= n {
		return joinCN(ss)
	}
	return joinCN(ss[:n]) + fmt.Sprintf("；等%d处", len(ss))
}

func joinCN(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "；"
		}
		out += s
	}
	return out
}
