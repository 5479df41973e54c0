package sampleweb

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// contractRules are the rule ids of DESIGN.md §2.4.
var contractRules = []string{"site-unreachable", "home-stale", "columns-stale", "columns-blank", "service-guides-unusable",
	"guide-elements", "guide-vague-wording", "guide-stale", "links-dead-home", "links-dead-other", "disclosure-platform",
	"doc-metadata", "annual-report", "ipv6-dns", "ipv6-home", "ipv6-links", "site-identifiers", "https"}

func TestExpectedCoversEverySiteAndRule(t *testing.T) {
	w := startWeb(t)
	if !slices.Equal(w.RuleIDs(), contractRules) {
		t.Errorf("rule ids %v, want %v", w.RuleIDs(), contractRules)
	}
	for name, table := range map[string]map[string]map[string]string{"Expected": w.Expected(), "ExpectedNoRender": w.ExpectedNoRender()} {
		if len(table) != len(w.Sites) {
			t.Errorf("%s: %d sites, want %d", name, len(table), len(w.Sites))
		}
		for _, s := range w.Sites {
			row := table[s.ID]
			for _, r := range contractRules {
				if o := row[r]; o != Pass && o != Fail && o != NotApplicable {
					t.Errorf("%s[%s][%s] = %q", name, s.ID, r, o)
				}
			}
			if len(row) != len(contractRules) {
				t.Errorf("%s[%s] has %d rules", name, s.ID, len(row))
			}
		}
	}
	e := w.Expected()
	for _, r := range contractRules {
		if e["shifan"][r] != Pass {
			t.Errorf("shifan %s = %s, want pass", r, e["shifan"][r])
		}
	}
	for _, s := range w.Sites {
		want := Fail
		switch s.ID {
		case "shifan", "shifan-js":
			want = Pass
		case "gone":
			want = NotApplicable
		}
		if e[s.ID]["https"] != want {
			t.Errorf("%s https = %s, want %s", s.ID, e[s.ID]["https"], want)
		}
	}
	e["shifan"]["https"] = Fail
	if w.Expected()["shifan"]["https"] != Pass {
		t.Error("Expected returns shared maps")
	}
}

func TestColumnFreshness(t *testing.T) {
	sites, _ := testSites(t)
	for id, s := range sites {
		if s.def.NXDomain {
			continue
		}
		t.Run(id, func(t *testing.T) {
			stale, blank, homeNewest := 0, 0, 1<<30
			for _, c := range s.cols {
				if c.def.Page == "guide" {
					continue
				}
				if len(c.items) == 0 {
					blank++
					continue
				}
				age := int(s.asOf.Sub(c.items[0].date).Hours()/24) + 1
				limit := map[string]int{"news": 14, "notice": 183, "policy": 183}[c.def.Class]
				if limit > 0 && age > limit {
					stale++
				}
				if c.def.Home && age < homeNewest {
					homeNewest = age
				}
			}
			want := [3]int{0, 0, min(homeNewest, 10)}
			if id == "stale" {
				want = [3]int{6, 5, 40}
			}
			if got := [3]int{stale, blank, homeNewest}; got != want {
				t.Errorf("stale, blank columns, newest homepage item age (days) = %v, want %v", got, want)
			}
		})
	}
}

var dateRE = regexp.MustCompile(`(20\d\d)[-/年](\d{1,2})[-/月](\d{1,2})`)

func TestNoDateAfterAsOf(t *testing.T) {
	_, pages := testSites(t)
	for id, ps := range pages {
		for host, m := range ps {
			for path, p := range m {
				if !strings.HasPrefix(p.ctype, "text/html") {
					continue
				}
				body := htmlText(t, id, p)
				for _, d := range dateRE.FindAllStringSubmatch(body, -1) {
					y, _ := strconv.Atoi(d[1])
					mo, _ := strconv.Atoi(d[2])
					day, _ := strconv.Atoi(d[3])
					if got := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC); got.After(testAsOf) {
						t.Errorf("%s%s: date %s is after as-of", host, path, d[0])
					}
				}
			}
		}
	}
}

// htmlText returns a page's markup as UTF-8.
func htmlText(t *testing.T, id string, p *page) string {
	if id == "gbk" {
		return decodeGBK(t, pageBytes(t, p))
	}
	return string(pageBytes(t, p))
}

func TestMetaTags(t *testing.T) {
	sites, pages := testSites(t)
	for id, s := range sites {
		if s.def.NXDomain {
			continue
		}
		get := func(host, path string) string {
			p := pages[id][host][path]
			if p == nil {
				t.Fatalf("%s: no page %s%s", id, host, path)
			}
			return htmlText(t, id, p)
		}
		home := get(s.def.Host, "/")
		for _, m := range []string{"SiteName", "SiteDomain", "SiteIDCode"} {
			if !strings.Contains(home, `<meta name="`+m+`"`) {
				t.Errorf("%s homepage lacks %s", id, m)
			}
		}
		for _, c := range s.allColumns() {
			if c.kind == "list" && !strings.Contains(get(c.host, c.path), `<meta name="ColumnType"`) {
				t.Errorf("%s list %s lacks ColumnType", id, c.path)
			}
			for _, it := range c.items {
				if it.path == "" {
					continue
				}
				body := get(it.host, it.path)
				for _, m := range []string{"ArticleTitle", "PubDate", "ContentSource", "ColumnName"} {
					if !strings.Contains(body, `<meta name="`+m+`"`) {
						t.Errorf("%s %s lacks %s", id, it.path, m)
					}
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	_, a := testSites(t)
	_, b := buildSites(t, startWeb(t))
	for _, id := range []string{"shifan", "gbk", "stale", "banshi"} { // one site per style
		ps := a[id]
		for host, m := range ps {
			for path, p := range m {
				q := b[id][host][path]
				if q == nil || !bytes.Equal(pageBytes(t, p), pageBytes(t, q)) {
					t.Errorf("%s %s%s differs between two builds", id, host, path)
				}
			}
		}
	}
}

func TestSiteIdentifiers(t *testing.T) {
	sites, pages := testSites(t)
	res := map[string]*regexp.Regexp{
		"网站标识码": regexp.MustCompile(`网站标识码[:：]?\s*([0-9A-Za-z]{10})`),
		"ICP":   regexp.MustCompile(`([京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕甘陇青蒙桂藏宁新])ICP备\s?(\d{6,10})号(-\d+)?`),
		"公安备案":  regexp.MustCompile(`([京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕甘陇青蒙桂藏宁新])公网安备\s?(\d{14})号?`),
	}
	for id, s := range sites {
		if s.def.NXDomain {
			continue
		}
		home := htmlText(t, id, pages[id][s.def.Host]["/"])
		for name, re := range res {
			if got, want := re.MatchString(home), id != "nogk"; got != want {
				t.Errorf("%s: %s present = %v, want %v", id, name, got, want)
			}
		}
		if !strings.Contains(home, "zfwzzc.www.gov.cn") || !strings.Contains(home, "我为政府网站找错") {
			t.Errorf("%s: no 我为政府网站找错 link", id)
		}
	}
}

func TestDisclosurePlatform(t *testing.T) {
	sites, pages := testSites(t)
	parts := []string{"政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"}
	for id, s := range sites {
		if s.def.NXDomain {
			continue
		}
		hub := htmlText(t, id, pages[id][s.plat.hub.host][s.plat.hub.path])
		for _, p := range parts {
			want := id != "nogk" || p == "政府信息公开指南" || p == "法定主动公开内容"
			if got := strings.Contains(hub, ">"+p+"<"); got != want {
				t.Errorf("%s: platform part %s present = %v, want %v", id, p, got, want)
			}
		}
	}
}

func TestDocumentMetadata(t *testing.T) {
	sites, pages := testSites(t)
	for _, id := range []string{"shifan", "gbk", "stale", "banshi"} {
		s := sites[id]
		c := s.byCode[map[string]string{"banshi": "zcwj"}[id]]
		if c == nil {
			c = s.byCode["zwgk/zcwj"]
		}
		for _, it := range c.items {
			body := htmlText(t, id, pages[id][it.host][it.path])
			missing := 0
			for i, label := range docLabels[s.def.Style] {
				if (i == 3 || i == 7) && !strings.Contains(body, label) {
					missing++
				}
			}
			if want := len(s.defect(it).Omit); missing != want {
				t.Errorf("%s %s: %d of 成文日期/有效性 missing, want %d", id, it.path, missing, want)
			}
			if br := s.defect(it).Brackets; br != "" && !strings.Contains(body, string([]rune(br)[0])+strconv.Itoa(s.written(it).Year())) {
				t.Errorf("%s %s: 发文字号 without %s", id, it.path, br)
			}
		}
	}
}
