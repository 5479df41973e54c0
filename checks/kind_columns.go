package checks

import "fmt"

// ColumnClass is a class of columns (a section) with its update window.
type ColumnClass struct {
	Section      string `yaml:"section" json:"section"`
	WindowDays   int    `yaml:"window_days" json:"window_days,omitempty"`
	WindowMonths int    `yaml:"window_months" json:"window_months,omitempty"`
	// MaxLevel limits the class to columns at this level or above (1 = 一级栏目); 0 = any level.
	MaxLevel int `yaml:"max_level" json:"max_level,omitempty"`
}

// ColumnFreshnessParams configures column_freshness (栏目不更新).
type ColumnFreshnessParams struct {
	Classes []ColumnClass `yaml:"classes" json:"classes"`
	// Threshold is the number of stale columns that fails the rule; with 1,
	// each stale column is one failing instance.
	Threshold int `yaml:"threshold" json:"threshold"`
}

func newColumnFreshnessParams() kindParams { return &ColumnFreshnessParams{Threshold: 1} }

func (cp *ColumnFreshnessParams) validate(c *Catalog) *paramError {
	if len(cp.Classes) == 0 {
		return perr("classes", "at least one class is required")
	}
	for i, cl := range cp.Classes {
		f := fmt.Sprintf("classes[%d]", i)
		if c.Synonyms.section(cl.Section) == nil {
			return perr(f+".section", "unknown section %q", cl.Section)
		}
		if (cl.WindowDays > 0) == (cl.WindowMonths > 0) {
			return perr(f, "exactly one of window_days and window_months must be positive")
		}
		if cl.MaxLevel < 0 {
			return perr(f+".max_level", "must not be negative")
		}
	}
	if cp.Threshold < 1 {
		return perr("threshold", "must be at least 1")
	}
	return nil
}

// checkColumnFreshness classifies every non-blank column by name, and counts
// those whose newest dated entry is older than their class window (entries
// without a date count as not updated). The rule fails, one finding per stale
// column, when the count reaches the threshold.
func checkColumnFreshness(p *pass) {
	cp := params[ColumnFreshnessParams](p)
	v := p.site
	type staleCol struct{ url, msg string }
	var stale []staleCol
	var judged []string
	for _, col := range v.columns {
		i := p.site.cat.columnClass(col.name, cp.Classes)
		if col.blank() || i < 0 || (cp.Classes[i].MaxLevel > 0 && col.level > cp.Classes[i].MaxLevel) {
			continue
		}
		cl := cp.Classes[i]
		judged = append(judged, col.name)
		newest, _ := newestUpTo(col.items, v.asOf)
		switch {
		case newest.IsZero():
			stale = append(stale, staleCol{col.page.p.URL, fmt.Sprintf("栏目「%s」的信息均未注明发布日期（视为不更新）", col.name)})
		case newest.Before(cutoff(v.asOf, cl.WindowDays, cl.WindowMonths)):
			stale = append(stale, staleCol{col.page.p.URL, fmt.Sprintf("栏目「%s」最新信息日期为%s，距检查日%d天（要求%s内更新）",
				col.name, newest.Format(dateLayout), daysBetween(newest, v.asOf), windowText(cl.WindowDays, cl.WindowMonths))})
		}
	}
	if len(judged) == 0 {
		p.na("未发现%s类栏目", p.site.cat.sectionList(cp.Classes))
		return
	}
	if len(stale) == 0 {
		p.ok("", "检查%d个%s类栏目，均在规定期限内更新", len(judged), p.site.cat.sectionList(cp.Classes))
		return
	}
	if len(stale) < cp.Threshold {
		p.ok("", "检查%d个%s类栏目，未更新%d个（%d个及以上不合格）", len(judged), p.site.cat.sectionList(cp.Classes), len(stale), cp.Threshold)
		return
	}
	for _, s := range stale {
		if cp.Threshold > 1 {
			p.fail(s.url, "%s；共%d个栏目未更新（达到%d个即不合格）", s.msg, len(stale), cp.Threshold)
		} else {
			p.fail(s.url, "%s", s.msg)
		}
	}
}

func (c *Catalog) sectionList(classes []ColumnClass) string {
	names := make([]string, len(classes))
	for i, cl := range classes {
		names[i] = cl.Section
	}
	return c.sectionTitles(names)
}

// ColumnBlankParams configures column_blank (空白栏目).
type ColumnBlankParams struct {
	Threshold int `yaml:"threshold" json:"threshold"`
}

func newColumnBlankParams() kindParams { return &ColumnBlankParams{Threshold: 1} }

func (cb *ColumnBlankParams) validate(*Catalog) *paramError {
	if cb.Threshold < 1 {
		return perr("threshold", "must be at least 1")
	}
	return nil
}

// checkColumnBlank counts columns without any entry; the rule fails, one
// finding per blank column, when the count reaches the threshold.
func checkColumnBlank(p *pass) {
	cb := params[ColumnBlankParams](p)
	v := p.site
	if len(v.columns) == 0 {
		p.na("未识别到栏目列表页")
		return
	}
	var blank []*column
	for _, col := range v.columns {
		if col.blank() {
			blank = append(blank, col)
		}
	}
	if len(blank) < cb.Threshold {
		p.ok("", "识别%d个栏目，空白栏目%d个（%d个及以上不合格）", len(v.columns), len(blank), cb.Threshold)
		return
	}
	for _, col := range blank {
		p.fail(col.page.p.URL, "栏目「%s」没有任何信息（空白栏目）；共%d个空白栏目（达到%d个即不合格）", col.name, len(blank), cb.Threshold)
	}
}

// sectionTitles joins the Chinese titles of sections: 动态要闻、通知公告.
func (c *Catalog) sectionTitles(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		if s := c.Synonyms.section(n); s != nil {
			out += s.Title
		} else {
			out += n
		}
	}
	return out
}
