package htmlfacts

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

// Label names that carry each labelled doc field (see the corpus README's
// labelling conventions). The checks package owns the real synonym list;
// here they only say where the expected value must show up in Blocks.
var docFieldLabels = map[string][]string{
	"index_number":   {"索引号"},
	"doc_number":     {"发文字号", "文号"},
	"issuer":         {"发文机关", "发布机构", "发文机构", "责任部门", "办文部门"},
	"written_date":   {"成文日期", "生成日期", "发文日期"},
	"published_date": {"发布日期", "发布时间", "时间", "日期", "公告时间"},
	"validity":       {"有效性", "有效期"},
	"topic":          {"主题分类", "分类"},
}

var dateFields = map[string]bool{"written_date": true, "published_date": true}

// platformNames are the link texts of the four parts of the disclosure
// platform; a part is linked when an anchor text contains one.
var platformNames = map[string][]string{
	"guide":         {"政府信息公开指南"},
	"system":        {"政府信息公开制度"},
	"statutory":     {"法定主动公开内容"},
	"annual_report": {"政府信息公开年报", "年度报告"},
}

// score counts passed checks per field.
type score struct{ pass, total map[string]int }

func (s *score) add(t *testing.T, field string, ok bool, format string, args ...any) {
	t.Helper()
	s.total[field]++
	if ok {
		s.pass[field]++
		return
	}
	t.Errorf("%s: "+format, append([]any{field}, args...)...)
}

// TestCorpus runs Extract over every labelled real page and scores each
// labelled field. Each field must reach 95%.
func TestCorpus(t *testing.T) {
	s := &score{pass: map[string]int{}, total: map[string]int{}}
	for _, p := range loadLabels(t).Pages {
		t.Run(strings.TrimSuffix(p.File, ".html"), func(t *testing.T) {
			f := extractCorpus(t, p)
			checkTitle(t, s, p, f)
			if p.Doc != nil {
				checkDoc(t, s, p, f)
			}
			checkIdentifiers(t, s, p, f)
			if p.ListItems != nil {
				checkItems(t, s, p, f)
			}
			if p.Type == "home" {
				checkPlatform(t, s, p, f)
			}
		})
	}
	fields := make([]string, 0, len(s.total))
	for k := range s.total {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-28s %6s %6s %8s\n", "field", "pass", "total", "accuracy")
	for _, k := range fields {
		acc := 100 * float64(s.pass[k]) / float64(s.total[k])
		fmt.Fprintf(&b, "%-28s %6d %6d %7.1f%%\n", k, s.pass[k], s.total[k], acc)
		if acc < 95 {
			t.Errorf("field %s: accuracy %.1f%% below 95%%", k, acc)
		}
	}
	t.Log(b.String())
}

func checkTitle(t *testing.T, s *score, p labelledPage, f Facts) {
	want := squash(p.Title)
	ok := strings.Contains(squash(f.Title), want) || squash(f.Meta["articletitle"]) == want
	for _, h := range f.Headings {
		ok = ok || squash(h) == want
	}
	s.add(t, "title", ok, "title %q (meta %q, headings %q), want %q", f.Title, f.Meta["articletitle"], f.Headings, p.Title)
}

func checkDoc(t *testing.T, s *score, p labelledPage, f Facts) {
	d := p.Doc
	values := map[string]*string{
		"index_number": d.IndexNumber, "doc_number": d.DocNumber, "issuer": d.Issuer,
		"written_date": d.WrittenDate, "published_date": d.PublishedDate,
		"validity": d.Validity, "topic": d.Topic,
	}
	for field, want := range values {
		labels := docFieldLabels[field]
		if want == nil {
			b, shown := shownBlock(f, field)
			s.add(t, "doc.absent", !shown, "%s is null but block %q=%q", field, b.Label, b.Value)
			continue
		}
		found := false
		for _, b := range f.Blocks {
			if !slices.Contains(labels, b.Label) {
				continue
			}
			if dateFields[field] {
				found = found || isoDate(b.Value) == *want
			} else {
				found = found || squash(b.Value) == squash(*want)
			}
		}
		s.add(t, "doc."+field, found, "want %q under %v; blocks %v", *want, labels, f.Blocks)
	}
}

// shownBlock finds a block that gives field a value. A null field must not
// be readable: not shown, commented out, or "无".
func shownBlock(f Facts, field string) (snapshot.Block, bool) {
	for _, b := range f.Blocks {
		if !slices.Contains(docFieldLabels[field], b.Label) || b.Value == "" || b.Value == "无" {
			continue
		}
		if !dateFields[field] || isoDate(b.Value) != "" {
			return b, true
		}
	}
	return snapshot.Block{}, false
}

func checkIdentifiers(t *testing.T, s *score, p labelledPage, f Facts) {
	footer := squash(f.Footer)
	for _, id := range []struct {
		field   string
		want    *string
		keyword string
	}{
		{"footer.site_id_code", p.Identifiers.SiteIDCode, "标识码"},
		{"footer.icp", p.Identifiers.ICP, "ICP"},
		{"footer.police", p.Identifiers.Police, "公网安备"},
	} {
		if id.want == nil {
			s.add(t, id.field+"(null)", !strings.Contains(footer, id.keyword),
				"label is null but footer shows %q: %q", id.keyword, f.Footer)
			continue
		}
		s.add(t, id.field, strings.Contains(footer, squash(*id.want)), "footer lacks %q: %q", *id.want, f.Footer)
	}
}

func checkItems(t *testing.T, s *score, p labelledPage, f Facts) {
	want := *p.ListItems
	if len(want) < 5 {
		s.add(t, "items.count", len(f.Items) == len(want), "%d items, want exactly %d: %v", len(f.Items), len(want), f.Items)
	}
	for i, w := range want {
		if i >= len(f.Items) {
			s.add(t, "items.title", false, "item %d missing (want %q)", i, w.Title)
			s.add(t, "items.date", false, "item %d missing", i)
			continue
		}
		got := f.Items[i]
		s.add(t, "items.title", squash(got.Title) == squash(w.Title), "item %d title %q, want %q", i, got.Title, w.Title)
		wantDate := ""
		if w.Date != nil {
			wantDate = *w.Date
		}
		s.add(t, "items.date", isoDate(got.Date) == wantDate, "item %d date %q, want %q", i, got.Date, wantDate)
	}
}

func checkPlatform(t *testing.T, s *score, p labelledPage, f Facts) {
	for _, part := range []string{"guide", "system", "statutory", "annual_report"} {
		linked := false
		for _, a := range f.Anchors {
			for _, name := range platformNames[part] {
				linked = linked || (a.Tag == "a" && strings.Contains(squash(a.Text), name))
			}
		}
		want := slices.Contains(p.PlatformParts, part)
		field := "platform.linked"
		if !want {
			field = "platform.absent"
		}
		s.add(t, field, linked == want, "%s: linked=%v, want %v", part, linked, want)
	}
}

// squash removes all whitespace: labels record displayed spacing, which
// CSS (not markup) often produces.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
}

// isoDate turns the first date in s into YYYY-MM-DD, or "".
func isoDate(s string) string {
	d := findDate(s)
	var parts []int
	n, in := 0, false
	for i := 0; i < len(d); i++ {
		if isDigit(d[i]) {
			n, in = n*10+int(d[i]-'0'), true
			continue
		}
		if in {
			parts = append(parts, n)
		}
		n, in = 0, false
	}
	if in {
		parts = append(parts, n)
	}
	if len(parts) != 3 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", parts[0], parts[1], parts[2])
}
