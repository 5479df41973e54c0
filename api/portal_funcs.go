package api

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/datasets"
	"gongkai/reports"
)

// portalLabels are the portal's own words; everything else comes from the
// reports' labels (reports.Label), so both say the same thing.
var portalLabels = map[string][2]string{
	"site.title":       {"政府网站政务公开检查 · 开放数据", "Government website disclosure audits · open data"},
	"nav.ranking":      {"排名", "Ranking"},
	"nav.rules":        {"规则", "Rules"},
	"nav.datasets":     {"数据集", "Datasets"},
	"nav.releases":     {"发布记录", "Releases"},
	"nav.api":          {"API", "API"},
	"lang.other":       {"English", "中文"},
	"err.norelease":    {"尚未发布任何数据。", "No release is published yet."},
	"err.nosite":       {"本次发布中没有该网站：", "No such site in this release:"},
	"filter":           {"筛选", "Filter"},
	"filter.all":       {"全部", "All"},
	"filter.q":         {"名称或编号", "Name or id"},
	"filter.rule":      {"未通过的规则", "Failed rule"},
	"filter.sort":      {"排序", "Sort"},
	"filter.apply":     {"应用", "Apply"},
	"filter.reset":     {"清除", "Reset"},
	"sort.-score":      {"得分从高到低", "Score, highest first"},
	"sort.score":       {"得分从低到高", "Score, lowest first"},
	"sort.name":        {"名称", "Name"},
	"sort.site_id":     {"编号", "Site id"},
	"sort.region":      {"地区", "Region"},
	"sort.level":       {"行政层级", "Level"},
	"sort.-links_dead": {"死链最多", "Most dead links"},
	"yes":              {"是", "yes"},
	"no":               {"否", "no"},
	"found":            {"共 %d 个网站", "%d sites"},
	"page.of":          {"第 %d / %d 页", "page %d of %d"},
	"prev":             {"上一页", "Previous"},
	"next":             {"下一页", "Next"},
	"failed.rules":     {"未通过规则", "Failed rules"},
	"ipv6":             {"IPv6", "IPv6"},
	"history":          {"历次发布得分", "Score across releases"},
	"history.none":     {"只有本次发布。", "This release only."},
	"chart.history":    {"历次发布得分", "Score per release"},
	"ds.intro":         {"每张表以多种格式提供下载，字段说明见数据字典。数据采用 CC BY 4.0 许可。", "Every table is offered in several formats; the data dictionary describes each column. Licence: CC BY 4.0."},
	"ds.rows":          {"行数", "Rows"},
	"ds.format":        {"格式", "Format"},
	"ds.size":          {"大小", "Size"},
	"ds.sha256":        {"SHA-256", "SHA-256"},
	"ds.dictionary":    {"数据字典", "Data dictionary"},
	"ds.field":         {"字段", "Field"},
	"ds.type":          {"类型", "Type"},
	"ds.desc":          {"说明", "Description"},
	"ds.snippets":      {"用 DuckDB / pandas 读取", "Read with DuckDB / pandas"},
	"ds.package":       {"数据包描述与校验和", "Data package and checksums"},
	"ds.catalogs":      {"供采集的目录", "Catalogs for harvesters"},
	"ds.licence":       {"许可", "Licence"},
	"ds.stream":        {"流式", "stream"},
	"rel.current":      {"当前", "current"},
	"rel.changes":      {"与上次相比", "Changes"},
	"rel.first":        {"首次发布", "first release"},
	"rel.download":     {"下载", "Download"},
	"rules.params":     {"参数", "Parameters"},
	"rules.cap":        {"上限", "Cap"},
	"rules.category":   {"类别", "Category"},
	"rules.applies":    {"适用于", "Applies to"},
	"rules.note":       {"说明", "Note"},
	"rules.enabled":    {"启用", "Enabled"},
	"open.api":         {"JSON 数据", "JSON"},
}

// label returns the portal's word for key in lang.
func label(lang reports.Lang, key string) string {
	if l, ok := portalLabels[key]; ok {
		if lang == reports.English {
			return l[1]
		}
		return l[0]
	}
	return reports.Label(lang, key)
}

// portalFuncs are the template functions of the portal. Those that need
// the language take it first.
func portalFuncs() template.FuncMap {
	return template.FuncMap{
		"t":  label,
		"tf": func(l reports.Lang, key string, args ...any) string { return fmt.Sprintf(label(l, key), args...) },
		"grade": func(l reports.Lang, g string) string {
			if g == "" {
				return "—"
			}
			return reports.GradeName(g, l)
		},
		"rule":     func(l reports.Lang, r datasets.RuleRow) string { return reports.RuleTitle(r, l) },
		"score":    score,
		"num":      func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
		"pct":      func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
		"ratio":    func(f *float64) string { return ratioText(f) },
		"bytes":    byteSize,
		"yesno":    yesno,
		"boolp":    func(l reports.Lang, b *bool) string { return boolp(l, b) },
		"intp":     func(n *int64) string { return intp(n) },
		"stamp":    func(t *time.Time) string { return stamp(t) },
		"day":      func(d *datasets.Day) string { return dayp(d) },
		"join":     func(s []string) string { return strings.Join(s, "、") },
		"inc":      func(i int) int { return i + 1 },
		"link":     link,
		"langLink": langLink,
		"shotURL": func(site, rel string) string {
			return "/sites/" + url.PathEscape(site) + "/screenshot?path=" + url.QueryEscape(rel)
		},
		"historyChart": func(l reports.Lang, h []HistoryPoint) template.HTML {
			var bars []reports.Bar
			for _, p := range h {
				v := 0.0
				if p.Score != nil {
					v = *p.Score
				}
				bars = append(bars, reports.Bar{Label: p.AsOf, Value: v, Text: score(p.Score)})
			}
			return reports.ColumnChart(label(l, "chart.history"), bars)
		},
		"gradeClass": func(g string) string {
			switch g {
			case "优秀", "良好":
				return "good"
			case "不合格":
				return "bad"
			}
			return ""
		},
		"effect":    func(l reports.Lang, e string) string { return reports.Label(l, "eff."+e) },
		"outcome":   func(l reports.Lang, o string) string { return reports.Label(l, "out."+o) },
		"sortLabel": func(l reports.Lang, s string) string { return label(l, "sort."+s) },
		"sel": func(a, b string) template.HTMLAttr {
			if a == b {
				return "selected"
			}
			return ""
		},
		"vetoSel": func(f siteFilter, v string) template.HTMLAttr {
			if f.Veto != nil && strconv.FormatBool(*f.Veto) == v {
				return "selected"
			}
			return ""
		},
		"lower": strings.ToLower,
		"level": func(l reports.Lang, v string) string { return named(l, "level.", v) },
		"kind":  func(l reports.Lang, v string) string { return named(l, "kind.", v) },
		"add":   func(a, b int) int { return a + b },
		"itemArgs": func(p *portalPage, it reports.Item) itemArgs {
			site := ""
			if v, ok := p.Body.(*siteView); ok {
				site = v.Card.Site.SiteID
			}
			return itemArgs{Lang: p.Lang, Item: it, Site: site}
		},
	}
}

// named is the label of a value of an enumerated column, or the value.
func named(l reports.Lang, prefix, v string) string {
	if _, ok := portalLabels[prefix+v]; ok {
		return label(l, prefix+v)
	}
	return v
}

func score(f *float64) string {
	if f == nil {
		return "—"
	}
	return strconv.FormatFloat(*f, 'f', 1, 64)
}

func ratioText(f *float64) string {
	if f == nil {
		return "—"
	}
	return strconv.FormatFloat(*f*100, 'f', 0, 64) + "%"
}

func yesno(l reports.Lang, b bool) string {
	if b {
		return label(l, "yes")
	}
	return label(l, "no")
}

func boolp(l reports.Lang, b *bool) string {
	if b == nil {
		return "—"
	}
	return yesno(l, *b)
}

func intp(n *int64) string {
	if n == nil {
		return "—"
	}
	return strconv.FormatInt(*n, 10)
}

func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func dayp(d *datasets.Day) string {
	if d == nil {
		return "—"
	}
	return d.String()
}

// byteSize formats a size for people.
func byteSize(n int64) string {
	switch {
	case n <= 0:
		return "—"
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
}

// link returns the page's path with its query changed: pairs of name,
// value ("" removes the parameter). Changing anything but the page
// number starts at page 1 again.
func link(p *portalPage, kv ...string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = append([]string(nil), v...)
	}
	resetPage := true
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "page" {
			resetPage = false
		}
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if resetPage {
		q.Del("page")
	}
	if enc := q.Encode(); enc != "" {
		return p.Path + "?" + enc
	}
	return p.Path
}

// langLink is the same page in the other language.
func langLink(p *portalPage) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = append([]string(nil), v...)
	}
	if p.Lang == reports.English {
		q.Del("lang")
	} else {
		q.Set("lang", "en")
	}
	if enc := q.Encode(); enc != "" {
		return p.Path + "?" + enc
	}
	return p.Path
}

// itemArgs is what the item template gets.
type itemArgs struct {
	Lang reports.Lang
	Item reports.Item
	Site string
}

// href is a portal link in the page's language.
func (p *portalPage) Href(path string) string {
	if p.Lang == reports.English {
		if strings.Contains(path, "?") {
			return path + "&lang=en"
		}
		return path + "?lang=en"
	}
	return path
}
