package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gongkai/checks/calendar"
)

// DocMetadataParams configures doc_metadata: the header fields every policy
// document must show.
type DocMetadataParams struct {
	Required []string `yaml:"required" json:"required"`
}

func newDocMetadataParams() kindParams { return &DocMetadataParams{} }

func validateFields(field string, names []string) *paramError {
	for i, n := range names {
		if !slices.Contains(docFieldNames, n) {
			return perr(fmt.Sprintf("%s[%d]", field, i), "unknown metadata field %q (known: %s)", n, strings.Join(docFieldNames, ", "))
		}
	}
	return nil
}

func (d *DocMetadataParams) validate(*Catalog) *paramError {
	if len(d.Required) == 0 {
		return perr("required", "at least one field is required")
	}
	return validateFields("required", d.Required)
}

// checkDocMetadata reports one failing instance per policy document that
// does not show every required header field (a field shown as 无 is shown).
func checkDocMetadata(p *pass) {
	dp := params[DocMetadataParams](p)
	v, c := p.site, p.site.cat
	if len(v.docs) == 0 {
		p.na("未发现政策文件页面")
		return
	}
	failed := 0
	for _, pv := range v.docs {
		_, shown, _ := c.metadata(pv.p, v.asOf)
		var missing []string
		for _, f := range dp.Required {
			if !shown[f] {
				missing = append(missing, c.fieldTitle(f))
			}
		}
		if len(missing) > 0 {
			failed++
			p.fail(pv.p.URL, "政策文件「%s」未标注：%s", pv.doc.Title, strings.Join(missing, "、"))
		}
	}
	if failed == 0 {
		p.ok("", "检查%d份政策文件，元数据齐全", len(v.docs))
	}
}

// DocTimelinessParams configures doc_timeliness (条例第二十六条: 20个工作日内公开).
type DocTimelinessParams struct {
	MaxWorkingDays int `yaml:"max_working_days" json:"max_working_days"`
}

func newDocTimelinessParams() kindParams { return &DocTimelinessParams{MaxWorkingDays: 20} }

func (d *DocTimelinessParams) validate(*Catalog) *paramError {
	if d.MaxWorkingDays < 1 {
		return perr("max_working_days", "must be at least 1")
	}
	return nil
}

// checkDocTimeliness counts the official working days from 成文日期 to
// 发布日期 of every document showing both, with the holiday calendar.
func checkDocTimeliness(p *pass) {
	dp := params[DocTimelinessParams](p)
	cal := calendar.Default()
	judged, failed, inverted := 0, 0, 0
	for _, pv := range p.site.docs {
		d := pv.doc
		if d.WrittenDate.IsZero() || d.PublishedDate.IsZero() {
			continue
		}
		if d.PublishedDate.Before(d.WrittenDate) {
			inverted++
			continue
		}
		judged++
		wd := cal.WorkingDaysBetween(d.WrittenDate, d.PublishedDate)
		if wd <= dp.MaxWorkingDays {
			continue
		}
		failed++
		note := ""
		for y := d.WrittenDate.Year(); y <= d.PublishedDate.Year(); y++ {
			if !cal.Known(y) {
				note = fmt.Sprintf("（%d年放假安排未收录，按周一至周五计算）", y)
				break
			}
		}
		p.fail(d.URL, "政策文件「%s」成文日期%s，发布日期%s，相隔%d个工作日（要求%d个工作日内公开）%s",
			d.Title, d.WrittenDate.Format(dateLayout), d.PublishedDate.Format(dateLayout), wd, dp.MaxWorkingDays, note)
	}
	switch {
	case judged == 0:
		p.na("没有同时标注成文日期和发布日期的政策文件%s", invertedNote(inverted))
	case failed == 0:
		p.ok("", "%d份政策文件均在成文后%d个工作日内发布%s", judged, dp.MaxWorkingDays, invertedNote(inverted))
	}
}

func invertedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("（另有%d份发布日期早于成文日期，未计入）", n)
}

// DocFormatParams configures doc_format: a metadata field's value must match
// a pattern (发文字号 with 〔〕, 索引号 of the 目录系统 format).
type DocFormatParams struct {
	Field   string `yaml:"field" json:"field"`
	Pattern string `yaml:"pattern" json:"pattern"`
	Hint    string `yaml:"hint" json:"hint"` // what the value should look like, for the message
	re      *regexp.Regexp
}

func newDocFormatParams() kindParams { return &DocFormatParams{} }

func (d *DocFormatParams) validate(*Catalog) *paramError {
	if err := validateFields("field", []string{d.Field}); err != nil {
		return perr("field", "unknown metadata field %q", d.Field)
	}
	re, err := regexp.Compile(d.Pattern)
	if err != nil || d.Pattern == "" {
		return perr("pattern", "bad regexp %q: %v", d.Pattern, err)
	}
	d.re = re
	return nil
}

func checkDocFormat(p *pass) {
	dp := params[DocFormatParams](p)
	c := p.site.cat
	judged, failed := 0, 0
	for _, pv := range p.site.docs {
		val := docValue(pv.doc, dp.Field)
		if val == "" {
			continue
		}
		judged++
		if !dp.re.MatchString(val) {
			failed++
			p.fail(pv.p.URL, "政策文件「%s」的%s「%s」不规范：%s", pv.doc.Title, c.fieldTitle(dp.Field), val, dp.Hint)
		}
	}
	switch {
	case judged == 0:
		p.na("没有标注%s的政策文件", c.fieldTitle(dp.Field))
	case failed == 0:
		p.ok("", "%d份政策文件的%s格式规范", judged, c.fieldTitle(dp.Field))
	}
}

// docValue returns a text field of a document by field name.
func docValue(d Document, field string) string {
	switch field {
	case FieldIndexNumber:
		return d.IndexNumber
	case FieldDocNumber:
		return d.DocNumber
	case FieldIssuer:
		return d.Issuer
	case FieldTitle:
		return d.Title
	case FieldValidity:
		return d.Validity
	case FieldTopic:
		return d.Topic
	case FieldWrittenDate:
		return dateText(d.WrittenDate)
	case FieldPublishedDate:
		return dateText(d.PublishedDate)
	}
	return ""
}

func dateText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}
