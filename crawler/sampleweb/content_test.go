package sampleweb

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// elementSynonyms are the rules.yaml synonyms of the ten guide elements
// (事项名称 is always present and matches 事项 anywhere).
var elementSynonyms = map[string][]string{
	"设定依据": {"设定依据", "法定依据", "实施依据", "办理依据", "法律依据"},
	"申请条件": {"申请条件", "受理条件", "办理条件", "申报条件", "受理范围"},
	"办理材料": {"办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料目录"},
	"办理地点": {"办理地点", "受理地点", "办公地点", "窗口地址", "办理地址"},
	"办理机构": {"办理机构", "实施主体", "实施机构", "受理机构", "办事机构", "责任部门"},
	"收费标准": {"收费标准", "是否收费", "收费依据", "收费情况"},
	"办理时间": {"办理时间", "受理时间", "工作时间", "办公时间"},
	"联系电话": {"联系电话", "咨询电话", "咨询方式", "联系方式"},
	"办理流程": {"办理流程", "办理程序", "办事流程", "流程图", "审批流程"},
}

var vaguePhrases = []string{"其他材料", "其他相关材料", "其他证明材料", "有关部门", "相关部门", "等材料", "等部门", "有关材料"}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func TestServiceGuides(t *testing.T) {
	sites, pages := testSites(t)
	for _, id := range []string{"shifan", "shifan-js", "banshi"} {
		t.Run(id, func(t *testing.T) {
			s := sites[id]
			var guides []*item
			for _, c := range s.cols {
				if c.def.Page == "guide" {
					guides = c.items
				}
			}
			unusable := 0
			for _, g := range guides {
				body := string(pageBytes(t, pages[id][g.host][g.path]))
				main := body[strings.Index(body, `<div class="bszn">`):]
				main = tagRE.ReplaceAllString(main[:strings.Index(main, `class="footer"`)], " ")
				missing := 0
				for _, syns := range elementSynonyms {
					found := false
					for _, syn := range syns {
						found = found || strings.Contains(main, syn)
					}
					if !found {
						missing++
					}
				}
				vague := false
				for _, v := range vaguePhrases {
					vague = vague || strings.Contains(main, v)
				}
				d := g.date
				age := int(s.asOf.Sub(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())).Hours() / 24)
				if id == "banshi" {
					if missing == 0 || !vague || age < 500 {
						t.Errorf("%s: missing %d, vague %v, age %d days; want missing, vague, >= 500 days", g.title, missing, vague, age)
					}
				} else if missing != 0 || vague || age > 365 {
					t.Errorf("%s: missing %d, vague %v, age %d days; want complete, precise, fresh", g.title, missing, vague, age)
				}
				if missing >= 4 {
					unusable++
				}
			}
			if want := map[string]int{"banshi": 5}[id]; unusable != want || len(guides) < 3 {
				t.Errorf("%d guides, %d missing 4+ elements, want %d", len(guides), unusable, want)
			}
		})
	}
}

func TestAnnualReportArithmetic(t *testing.T) {
	sites, pages := testSites(t)
	for id, s := range sites {
		for _, c := range s.allColumns() {
			for _, it := range c.items {
				if it.kind != "report" {
					continue
				}
				d := s.reportData(it)
				checkTable3(t, id+" "+it.title, d)
				if !strings.Contains(htmlText(t, id, pages[id][it.host][it.path]), "共收到政府信息公开申请"+strconv.Itoa(d.NewApps)+"件") {
					t.Errorf("%s %s: narrative does not quote the table", id, it.title)
				}
			}
		}
	}
	shifan := sites["shifan"]
	var titles []string
	for _, it := range shifan.plat.report.items {
		titles = append(titles, it.title+"@"+it.date.Format("2006-01-02"))
	}
	if len(titles) == 0 || !strings.HasPrefix(titles[0], "示范县人民政府2025年政府信息公开工作年度报告@2026-03") {
		t.Errorf("shifan reports %v", titles)
	}
}

// checkTable3 verifies the 勾稽关系 of 表三 and 表四.
func checkTable3(t *testing.T, name string, d reportData) {
	nums := func(row []cell) []int {
		var out []int
		for _, c := range row {
			if c.Num {
				n, _ := strconv.Atoi(c.Text)
				out = append(out, n)
			}
		}
		return out
	}
	rows := d.T3[3:]
	if len(rows) != 25 {
		t.Fatalf("%s: 表三 has %d data rows", name, len(rows))
	}
	for i, r := range rows {
		v := nums(r)
		if len(v) != 7 || v[0]+v[1]+v[2]+v[3]+v[4]+v[5] != v[6] {
			t.Errorf("%s: 表三 row %d columns do not add up: %v", name, i, v)
		}
	}
	for col := 0; col < 7; col++ {
		leaves := 0
		for _, r := range rows[2:23] {
			leaves += nums(r)[col]
		}
		fresh, carried, total, over := nums(rows[0])[col], nums(rows[1])[col], nums(rows[23])[col], nums(rows[24])[col]
		if leaves != total || fresh+carried != total+over {
			t.Errorf("%s: column %d: leaves %d, total %d, 一 %d + 二 %d vs 三 %d + 四 %d", name, col, leaves, total, fresh, carried, total, over)
		}
	}
	v := nums(d.T4[3])
	for b := 0; b < 3; b++ {
		if v[b*5]+v[b*5+1]+v[b*5+2]+v[b*5+3] != v[b*5+4] {
			t.Errorf("%s: 表四 block %d does not add up: %v", name, b, v[b*5:b*5+5])
		}
	}
}

func TestScriptBuiltNavigation(t *testing.T) {
	sites, pages := testSites(t)
	s := sites["shifan-js"]
	home := string(pageBytes(t, pages["shifan-js"][s.def.Host]["/"]))
	for _, want := range []string{"<noscript>请开启JavaScript</noscript>", "var navData = [", "var boxData = ["} {
		if !strings.Contains(home, want) {
			t.Errorf("homepage lacks %q", want)
		}
	}
	// Statically, the homepage links nothing of the site but itself, 联系我们
	// and the search page.
	for _, ref := range pageRefs([]byte(home)) {
		if strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "/images/") && !strings.HasPrefix(ref, "/css/") &&
			!strings.HasPrefix(ref, "/js/") && ref != "/" && ref != "/lxwm/" && !strings.HasPrefix(ref, "/was5/web/search") {
			t.Errorf("static homepage links %s", ref)
		}
	}
	for _, c := range s.cols {
		if strings.Contains(home, `"`+c.path+`"`) {
			t.Errorf("column path %s appears in the static homepage", c.path)
		}
	}
	// List pages have no static column menu either.
	list := string(pageBytes(t, pages["shifan-js"][s.def.Host][s.byCode["tzgg"].path]))
	if strings.Contains(list, `href="/jydt/"`) {
		t.Error("list page has a static column menu")
	}
}
