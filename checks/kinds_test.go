package checks

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

func pageByURL(s *snapshot.Snapshot, path string) *snapshot.Page {
	for i := range s.Pages {
		if s.Pages[i].URL == u(path) {
			return &s.Pages[i]
		}
	}
	panic("no page " + path)
}

func dropPages(s *snapshot.Snapshot, paths ...string) {
	var keep []snapshot.Page
	for _, p := range s.Pages {
		drop := false
		for _, path := range paths {
			drop = drop || p.URL == u(path)
		}
		if !drop {
			keep = append(keep, p)
		}
	}
	s.Pages = keep
}

func dropAnchor(s *snapshot.Snapshot, text string) {
	home := &s.Pages[0]
	var keep []snapshot.Anchor
	for _, an := range home.Anchors {
		if an.Text != text {
			keep = append(keep, an)
		}
	}
	home.Anchors = keep
}

func colPage(path, name string, depth int, items ...snapshot.Item) snapshot.Page {
	return snapshot.Page{URL: u(path), Depth: depth, Status: snapshot.StatusOK, Title: name,
		Meta: map[string]string{"columnname": name}, Items: items, Text: "列表"}
}

func guidePage(path string, kv ...string) snapshot.Page {
	return snapshot.Page{URL: u(path), Depth: 2, Status: snapshot.StatusOK, Title: "某事项办事指南", Blocks: blocks(kv...)}
}

// kindCase is one hand-built situation and what one rule must say about it.
type kindCase struct {
	name    string
	mutate  func(s *snapshot.Snapshot)
	asOf    time.Time // zero: the default as-of
	rule    string
	want    string  // outcomes of the rule's findings, joined by commas, in any order
	msg     string  // a substring of some finding's message
	points  float64 // total points of the rule's findings
	checkFn func(t *testing.T, res Result)
}

func runKindCases(t *testing.T, cases []kindCase) {
	t.Helper()
	c := Default()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSite()
			if tc.mutate != nil {
				tc.mutate(s)
			}
			when := asOf
			if !tc.asOf.IsZero() {
				when = tc.asOf
			}
			res := c.Judge(s, when)
			var got []string
			pts, msgs := 0.0, ""
			for _, f := range res.Findings {
				if f.RuleID != tc.rule {
					continue
				}
				got = append(got, string(f.Outcome))
				pts += f.Points
				msgs += f.Message + "\n"
			}
			want := strings.Split(tc.want, ",")
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s outcomes = %q, want %q\n%s", tc.rule, got, tc.want, msgs)
			}
			if tc.msg != "" && !strings.Contains(msgs, tc.msg) {
				t.Errorf("%s messages lack %q:\n%s", tc.rule, tc.msg, msgs)
			}
			if round4(pts) != tc.points {
				t.Errorf("%s points = %g, want %g", tc.rule, pts, tc.points)
			}
			if tc.checkFn != nil {
				tc.checkFn(t, res)
			}
		})
	}
}

func unreachable(st snapshot.Status) func(s *snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		s.Status, s.Home.Status, s.Home.HTTPStatus, s.Pages, s.Links, s.Error = st, st, 0, nil, nil, "lookup www.example.gov.cn: no such host"
		s.Home.HTTPS = false
	}
}

func TestSiteUnreachable(t *testing.T) {
	vetoed := func(t *testing.T, res Result) {
		if !res.Score.Veto || res.Score.Score != 0 || res.Score.Grade != "不合格" || res.Score.VetoRules[0] != "site-unreachable" {
			t.Errorf("score = %+v", res.Score)
		}
		if o := outcomes(res); o["home-stale"] != "not_applicable" || o["https"] != "not_applicable" || o["links-dead-home"] != "not_applicable" {
			t.Errorf("content rules: %v", o)
		}
	}
	runKindCases(t, []kindCase{
		{name: "ok", rule: "site-unreachable", want: "pass", msg: "首页可以访问"},
		{name: "dns error", mutate: unreachable(snapshot.StatusDNSError), rule: "site-unreachable", want: "fail", msg: "dns_error：lookup", checkFn: vetoed},
		{name: "timeout", mutate: unreachable(snapshot.StatusTimeout), rule: "site-unreachable", want: "fail", checkFn: vetoed},
		{name: "http error", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusHTTPError)(s)
			s.Home.HTTPStatus = 503
		}, rule: "site-unreachable", want: "fail", msg: "HTTP 503"},
		{name: "slow", mutate: func(s *snapshot.Snapshot) { s.Home.Duration = 16 * time.Second }, rule: "site-unreachable", want: "fail", msg: "超过15秒"},
		{name: "robots blocked answered", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusRobotsBlocked)(s)
			s.Home.HTTPS = true
		}, rule: "site-unreachable", want: "pass", msg: "拒绝自动抓取", checkFn: func(t *testing.T, res Result) {
			o := outcomes(res)
			if o["home-stale"] != "not_applicable" || o["columns-blank"] != "not_applicable" || o["https"] != "pass" || o["ipv6-dns"] != "pass" {
				t.Errorf("robots_blocked: %v", o)
			}
			if res.Score.Veto || res.Score.Grade != "无法评定" || !math.IsNaN(res.Score.Score) {
				t.Errorf("robots_blocked site: %+v", res.Score)
			}
		}},
		{name: "not checked", mutate: unreachable(snapshot.StatusNotChecked), rule: "site-unreachable", want: "not_applicable"},
	})
}

func TestHomeStale(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "fresh", rule: "home-stale", want: "pass", msg: "2026-11-20，距检查日2天"},
		{name: "stale", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = []snapshot.Item{item("旧闻", "/gzdt/1.html", "2026-10-10", "要闻"), item("更旧", "/gzdt/2.html", "[09-01]", "要闻")}
		}, rule: "home-stale", want: "fail", msg: "首页最新信息日期为2026-10-10，距检查日43天（要求14天内）",
			checkFn: func(t *testing.T, res Result) {
				if !res.Score.Veto || res.Score.Score != 0 {
					t.Errorf("score = %+v", res.Score)
				}
			}},
		{name: "undated", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Items[0].Date, s.Pages[0].Items[1].Date = "", "" }, rule: "home-stale", want: "pass", msg: "二级页面"},
		{name: "future ignored", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = []snapshot.Item{item("未来", "/a.html", "2026-12-25", "要闻"), item("旧", "/b.html", "2026-09-01", "要闻")}
		}, rule: "home-stale", want: "fail", msg: "另有1条信息日期晚于检查日"},
		{name: "navigation homepage, fresh second level", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Items = nil }, rule: "home-stale", want: "pass", msg: "首页仅为导航入口，二级页面最新信息日期为2026-11-20"},
		{name: "navigation homepage, stale second level", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = nil
			for i := range s.Pages {
				if s.Pages[i].Depth == 1 {
					for j := range s.Pages[i].Items {
						s.Pages[i].Items[j].Date = "2026-08-01"
					}
				}
			}
		}, rule: "home-stale", want: "fail", msg: "二级页面最新信息日期为2026-08-01"},
	})
}

func staleCols(s *snapshot.Snapshot, n int) {
	cols := []snapshot.Page{
		colPage("/bmdt/", "部门动态", 1, item("旧", "/bmdt/1.html", "2026-10-01", "")),
		colPage("/xzdt/", "乡镇动态", 1, item("旧", "/xzdt/1.html", "2026-11-01", "")),
		colPage("/gsgg/", "公示公告", 1, item("旧", "/gsgg/1.html", "2026-05-01", "")),
		colPage("/gfxwj/", "规范性文件", 1, item("旧", "/gfxwj/1.html", "2026-04-01", "")),
		colPage("/tpxw/", "图片新闻", 1, item("无日期", "/tpxw/1.html", "", "")),
	}
	s.Pages = append(s.Pages, cols[:n]...)
}

func TestColumnsStale(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "fresh", rule: "columns-stale", want: "pass", msg: "均在规定期限内更新"},
		{name: "four stale", mutate: func(s *snapshot.Snapshot) { staleCols(s, 4) }, rule: "columns-stale", want: "pass", msg: "未更新4个"},
		{name: "five stale", mutate: func(s *snapshot.Snapshot) { staleCols(s, 5) }, rule: "columns-stale", want: "fail,fail,fail,fail,fail",
			msg: "栏目「图片新闻」的信息均未注明发布日期", checkFn: func(t *testing.T, res Result) {
				if !res.Score.Veto || res.Score.VetoRules[0] != "columns-stale" {
					t.Errorf("score = %+v", res.Score)
				}
			}},
		{name: "deep notice column not level 1", mutate: func(s *snapshot.Snapshot) {
			staleCols(s, 5)
			p := &s.Pages[len(s.Pages)-3] // 公示公告
			p.Depth, p.Breadcrumb = 2, []string{"首页", "政务公开", "公示公告"}
		}, rule: "columns-stale", want: "pass", msg: "未更新4个"},
		{name: "policy column deduction", mutate: func(s *snapshot.Snapshot) { staleCols(s, 4) }, rule: "policy-column-stale", want: "fail", points: 5,
			msg: "栏目「规范性文件」最新信息日期为2026-04-01"},
		{name: "no classed columns", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/gzdt/", "/tzgg/", "/zcwj/")
		}, rule: "columns-stale", want: "not_applicable"},
		{name: "pagination counts once", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, colPage("/gzdt/index_1.html", "工作动态", 2, item("旧", "/gzdt/9.html", "2025-01-01", "")))
		}, rule: "columns-stale", want: "pass", msg: "检查3个"},
	})
}

func TestColumnsBlank(t *testing.T) {
	blank := func(n int) func(s *snapshot.Snapshot) {
		return func(s *snapshot.Snapshot) {
			for i := range n {
				p := colPage("/blank"+string(rune('a'+i))+"/", "空白栏目"+string(rune('A'+i)), 1)
				p.Text = "本栏目暂无信息"
				s.Pages = append(s.Pages, p)
			}
		}
	}
	runKindCases(t, []kindCase{
		{name: "none", rule: "columns-blank", want: "pass", msg: "空白栏目0个"},
		{name: "four", mutate: blank(4), rule: "columns-blank", want: "pass", msg: "空白栏目4个"},
		{name: "five", mutate: blank(5), rule: "columns-blank", want: "fail,fail,fail,fail,fail", msg: "没有任何信息（空白栏目）；共5个空白栏目"},
		{name: "content page is not blank", mutate: func(s *snapshot.Snapshot) {
			for i := range 5 {
				p := colPage("/jj"+string(rune('a'+i))+"/", "单位简介", 1)
				p.Text = strings.Repeat("示例市位于华北平原，历史悠久。", 10)
				s.Pages = append(s.Pages, p)
			}
		}, rule: "columns-blank", want: "pass"},
	})
}

var fullGuide = []string{"事项名称", "某事项", "设定依据", "《条例》", "申请条件", "自然人", "办理材料", "申请书", "办理地点", "中心",
	"办理机构", "某局", "收费标准", "不收费", "办理时间", "工作日", "联系电话", "123", "办理流程", "申请—受理", "更新时间", "2026-10-01"}

func TestGuides(t *testing.T) {
	poor := func(n int) func(s *snapshot.Snapshot) {
		return func(s *snapshot.Snapshot) {
			for i := range n {
				s.Pages = append(s.Pages, guidePage("/bsfw/poor"+string(rune('a'+i))+".html",
					"事项名称", "某事项", "申请条件", "无", "办理材料", "申请书及其他材料", "联系电话", "123", "办理地点", "中心", "更新时间", "2026-10-01"))
			}
		}
	}
	runKindCases(t, []kindCase{
		{name: "usable", rule: "service-guides-unusable", want: "pass"},
		{name: "four poor of five", mutate: poor(4), rule: "service-guides-unusable", want: "pass", msg: "缺少4类及以上要素的4个"},
		{name: "five poor", mutate: poor(5), rule: "service-guides-unusable", want: "fail,fail,fail,fail,fail", msg: "缺少5类要素：设定依据、办理机构、收费标准、办理时间、办理流程"},
		{name: "all of few poor", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/bsfw/zn1.html")
			poor(2)(s)
		}, rule: "service-guides-unusable", want: "fail,fail"},
		{name: "missing element", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/bsfw/zn1.html")
			s.Pages = append(s.Pages, guidePage("/bsfw/x.html", fullGuide[:len(fullGuide)-4]...))
		}, rule: "guide-elements", want: "fail", points: 1, msg: "缺少要素：办理流程"},
		{name: "vague wording", mutate: poor(1), rule: "guide-vague-wording", want: "fail", points: 0.5, msg: "“其他材料”"},
		{name: "vague phrase outside scanned elements", mutate: func(s *snapshot.Snapshot) {
			g := pageByURL(s, "/bsfw/zn1.html")
			g.Blocks[1].Value = "国务院有关部门规定" // 设定依据 is not scanned
		}, rule: "guide-vague-wording", want: "pass"},
		{name: "stale guide", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, "/bsfw/zn1.html"), "更新时间", "2025-01-01")
		}, rule: "guide-stale", want: "fail", points: 0.5, msg: "更新日期为2025-01-01，距检查日690天"},
		{name: "undated guide", mutate: func(s *snapshot.Snapshot) {
			g := pageByURL(s, "/bsfw/zn1.html")
			g.Blocks = g.Blocks[:len(g.Blocks)-1]
		}, rule: "guide-stale", want: "fail", points: 0.5, msg: "未注明更新日期"},
		{name: "no guides", mutate: func(s *snapshot.Snapshot) { dropPages(s, "/bsfw/zn1.html") }, rule: "guide-elements", want: "not_applicable"},
	})
}

func TestDepartmentWithoutServices(t *testing.T) {
	c := Default()
	s := goodSite()
	s.Site.Kind = "department"
	dropPages(s, "/bsfw/zn1.html")
	dropAnchor(s, "办事服务")
	s.Home.HTTPS = false // 1 point in 功能设计
	res := c.Judge(s, asOf)
	o := outcomes(res)
	if o["guide-elements"] != "not_applicable" || o["service-guides-unusable"] != "pass" && o["service-guides-unusable"] != "not_applicable" {
		t.Errorf("outcomes: %v", o)
	}
	for _, f := range res.Findings {
		if f.Category == "办事服务" && !strings.Contains(f.Message, "无对外服务职能") {
			t.Errorf("%s: %s", f.RuleID, f.Message)
		}
	}
	// (75 - 1) × 100/75; the department's 2025 report was due by 31 Jan and came on 20 Mar (2 points late).
	if res.Score.OutOf != 75 || res.Score.Deductions != 3 || res.Score.Score != round4(72.0*100/75) {
		dump(t, res)
		t.Errorf("score = %+v", res.Score)
	}
	// With a guide, the department is scored out of 100.
	s2 := goodSite()
	s2.Site.Kind = "department"
	if res := c.Judge(s2, asOf); res.Score.OutOf != 100 {
		t.Errorf("department with services out of %g", res.Score.OutOf)
	}
}

func TestDeadLinks(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "none", rule: "links-dead-home", want: "pass"},
		{name: "dead and soft 404, blocked ignored", mutate: func(s *snapshot.Snapshot) {
			s.Links[0].Dead, s.Links[0].HTTPStatus = true, 404
			s.Links[1].Soft404 = true
			s.Links[2].Blocked, s.Links[2].Dead, s.Links[2].HTTPStatus = true, true, 403
		}, rule: "links-dead-home", want: "fail,fail", points: 2, msg: "软404"},
		{name: "other page", mutate: func(s *snapshot.Snapshot) {
			l := &s.Links[len(s.Links)-1]
			l.Dead, l.Status, l.Error, l.HTTPStatus = true, snapshot.StatusTimeout, "timeout after 15s", 0
		}, rule: "links-dead-other", want: "fail", points: 0.1, msg: "timeout：timeout after 15s"},
		{name: "not checked", mutate: func(s *snapshot.Snapshot) {
			for i := range s.Links {
				s.Links[i].Status = snapshot.StatusNotChecked
			}
		}, rule: "links-dead-home", want: "not_applicable", msg: "均未检查"},
		{name: "no links in scope", mutate: func(s *snapshot.Snapshot) { s.Links = s.Links[:len(s.Links)-1] }, rule: "links-dead-other", want: "pass"},
	})
}

func TestSections(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "search missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "搜索") }, rule: "site-search", want: "fail", points: 2, msg: "首页未找到「站内搜索」"},
		{name: "search by url", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: "https://so.example.gov.cn/s?q=", Tag: "a"})
		}, rule: "site-search", want: "pass"},
		{name: "search form by field hint", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: u("/module/find.jsp"), Text: "Go 请输入关键字", Tag: "form"})
		}, rule: "site-search", want: "pass"},
		{name: "search form by action", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: u("/was5/web/search"), Tag: "form"})
		}, rule: "site-search", want: "pass"},
		{name: "other forms are not a search", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors,
				snapshot.Anchor{URL: u("/login.do"), Text: "登录 请输入用户名", Tag: "form"},
				snapshot.Anchor{URL: u("/bsfw/query.do"), Text: "查询 办事服务事项", Tag: "form"})
		}, rule: "site-search", want: "fail", points: 2},
		{name: "search page on another page only", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[1].Anchors = append(s.Pages[1].Anchors, snapshot.Anchor{URL: u("/search/"), Text: "搜索", Tag: "form"})
		}, rule: "site-search", want: "fail", points: 2},
		{name: "jiucuo script", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "我为政府网站找错")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: "https://zfwzgl.www.gov.cn/exposure/jiucuo.js", Tag: "script"})
		}, rule: "error-report-entry", want: "pass"},
		{name: "error entry missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "我为政府网站找错") }, rule: "error-report-entry", want: "fail", points: 2},
		{name: "platform part missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "政府信息公开制度") }, rule: "disclosure-platform", want: "fail,pass", points: 2, msg: "网站未找到「政府信息公开制度」"},
		{name: "platform missing", mutate: func(s *snapshot.Snapshot) {
			for _, x := range []string{"政府信息公开", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"} {
				dropAnchor(s, x)
			}
			dropPages(s, "/xxgk/nb/", "/xxgk/fdzdgknr/", "/xxgk/nb/202603/t4.html")
		}, rule: "disclosure-platform", want: "fail,fail,fail,fail", points: 8},
		{name: "interpretation missing", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "政策解读")
			dropPages(s, "/zcjd/")
		}, rule: "policy-interpretation", want: "fail", points: 3},
		{name: "art20 info", mutate: func(s *snapshot.Snapshot) { dropPages(s, "/xxgk/fdzdgknr/") }, rule: "art20-items", want: "fail,fail,fail,fail,fail,fail,fail,fail,fail,fail,pass", points: 0},
	})
}

func setBlock(p *snapshot.Page, label, value string) {
	for i := range p.Blocks {
		if p.Blocks[i].Label == label {
			p.Blocks[i].Value = value
			return
		}
	}
	panic("no block " + label)
}

func TestDocs(t *testing.T) {
	doc := "/zcwj/202611/t3.html"
	runKindCases(t, []kindCase{
		{name: "metadata complete", rule: "doc-metadata", want: "pass"},
		{name: "validity missing", mutate: func(s *snapshot.Snapshot) {
			p := pageByURL(s, doc)
			p.Blocks = p.Blocks[:len(p.Blocks)-1]
		}, rule: "doc-metadata", want: "fail", points: 0.5, msg: "未标注：有效性"},
		{name: "doc number 无 is shown", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "发文字号：", "无") }, rule: "doc-metadata", want: "pass"},
		{name: "policy column article without header", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, snapshot.Page{URL: u("/zcwj/202611/t9.html"), Depth: 2, Status: snapshot.StatusOK,
				Title: "关于某事的通知", Meta: map[string]string{"articletitle": "关于某事的通知"}, Blocks: blocks("发布时间", "2026-11-12")})
			pageByURL(s, "/zcwj/").Items = append(pageByURL(s, "/zcwj/").Items, item("关于某事的通知", "/zcwj/202611/t9.html", "2026-11-12", ""))
		}, rule: "doc-metadata", want: "fail", points: 0.5, msg: "未标注：索引号、发文字号、成文日期、有效性"},
		{name: "news article is not a policy document", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, snapshot.Page{URL: u("/gzdt/202611/t1.html"), Depth: 2, Status: snapshot.StatusOK,
				Title: "示例市召开常务会议", Meta: map[string]string{"articletitle": "示例市召开常务会议"}, Blocks: blocks("发布时间", "2026-11-20", "来源", "示例日报")})
		}, rule: "doc-metadata", want: "pass", msg: "检查1份"},
		{name: "timely", rule: "doc-timeliness", want: "pass"},
		{name: "late over holidays", mutate: func(s *snapshot.Snapshot) {
			p := pageByURL(s, doc)
			setBlock(p, "成文日期：", "2026-09-14")
			setBlock(p, "发布日期：", "2026-10-20") // 中秋 25 Sep and 国庆 1-7 Oct off, 20 Sep and 10 Oct make-up days
		}, rule: "doc-timeliness", want: "fail", points: 0.5, msg: "相隔22个工作日"},
		{name: "published before written", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, doc), "成文日期：", "2026-11-15")
		}, rule: "doc-timeliness", want: "not_applicable", msg: "另有1份发布日期早于成文日期"},
		{name: "square brackets", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "发文字号：", "示政发[2026]7号") },
			rule: "doc-number-format", want: "fail", msg: "六角括号"},
		{name: "bad index number", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "索 引 号：", "2026-110") },
			rule: "index-number-format", want: "fail"},
	})
}

func TestAnnualReport(t *testing.T) {
	noReport := func(s *snapshot.Snapshot) {
		dropPages(s, "/xxgk/nb/202603/t4.html")
		pageByURL(s, "/xxgk/nb/").Items = nil
		pageByURL(s, "/xxgk/nb/").Text = "暂无信息"
	}
	runKindCases(t, []kindCase{
		{name: "on time", rule: "annual-report", want: "pass", msg: "于2026-03-20公布（期限2026-03-31）"},
		{name: "missing", mutate: noReport, rule: "annual-report", want: "fail", points: 4, msg: "未找到2025年政府信息公开工作年度报告"},
		{name: "late", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, "/xxgk/nb/202603/t4.html"), "发布日期", "2026-04-10")
			pageByURL(s, "/xxgk/nb/").Items[0].Date = "2026-04-10"
		}, rule: "annual-report", want: "fail", points: 2, msg: "晚于法定期限2026-03-31"},
		{name: "department deadline", mutate: func(s *snapshot.Snapshot) { s.Site.Kind = "department" }, rule: "annual-report", want: "fail", points: 2, msg: "期限2026-01-31"},
		{name: "before the deadline the year before is due", asOf: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), rule: "annual-report", want: "fail", points: 4, msg: "未找到2024年"},
		{name: "arithmetic ok", rule: "annual-report-arithmetic", want: "pass"},
		{name: "arithmetic broken", mutate: func(s *snapshot.Snapshot) {
			pageByURL(s, "/xxgk/nb/202603/t4.html").Tables[0].Rows[5][1] = "9"
		}, rule: "annual-report-arithmetic", want: "fail", points: 0, msg: "自然人列：本年新收10+上年结转1≠办理结果总计9+结转下年1"},
	})
}

func TestIdentifiersAndNetwork(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "identifiers", rule: "site-identifiers", want: "pass", msg: "冀公网安备 13010002000001号"},
		{name: "no police", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Footer = "网站标识码：1300000001 冀ICP备05000001号-1" }, rule: "site-identifiers", want: "fail,pass", points: 1, msg: "未展示公安机关备案号"},
		{name: "meta only site id", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Footer = "冀ICP备05000001号-1 冀公网安备13010002000001号"
		}, rule: "site-identifiers", want: "pass", msg: "仅见于SiteIDCode元数据"},
		{name: "no AAAA", mutate: func(s *snapshot.Snapshot) { s.Hosts[0].AAAA = nil }, rule: "ipv6-dns", want: "fail", points: 2},
		{name: "no dns record", mutate: func(s *snapshot.Snapshot) { s.Hosts = nil }, rule: "ipv6-dns", want: "error"},
		{name: "v6 home fails", mutate: func(s *snapshot.Snapshot) {
			s.IPv6.HomeV6Status, s.IPv6.HomeV6Error = 0, "connect: network is unreachable"
		}, rule: "ipv6-home", want: "fail", points: 2, msg: "network is unreachable"},
		{name: "v6 home differs", mutate: func(s *snapshot.Snapshot) { s.IPv6.Consistent, s.IPv6.Similarity = false, 0.3 }, rule: "ipv6-home", want: "fail", points: 2, msg: "相似度0.30"},
		{name: "link ratios low", mutate: func(s *snapshot.Snapshot) { s.Hosts[0].IPv6OK = false }, rule: "ipv6-links", want: "fail,fail", points: 2, msg: "二级链接IPv6支持率0.0%"},
		{name: "https", mutate: func(s *snapshot.Snapshot) { s.Home.HTTPS, s.Home.FinalURL = false, "http://www.example.gov.cn/" }, rule: "https", want: "fail", points: 1},
	})
}
