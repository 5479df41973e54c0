package checks

import (
	"strings"
	"testing"
)

// withRules parses the embedded catalog with extra rule entries appended
// (rules: is the file's last section): adding a rule of an existing kind is
// data, no Go code.
func withRules(t *testing.T, extra string, edits ...string) *Catalog {
	t.Helper()
	text := string(catalogYAML)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("catalog has no %q", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	c, err := Parse("extended.yaml", []byte(text+extra))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExtraRuleOfExistingKind(t *testing.T) {
	c := withRules(t, `
  - id: apply-disclosure-entry
    title_zh: 依申请公开入口
    title_en: Disclosure-on-request entry
    source: 中华人民共和国政府信息公开条例 第二十八条
    verification: V
    kind: section_presence
    effect: deduct
    points: 1.5
    category: 发布解读
    params: {scope: homepage, sections: [apply_disclosure]}
`)
	r, ok := c.Rule("apply-disclosure-entry")
	if js, _ := r.ParamsJSON(); !ok || js != `{"sections":["apply_disclosure"],"scope":"homepage"}` {
		t.Fatalf("rule = %+v %s", r, js)
	}
	if res := c.Judge(goodSite(), asOf); outcomes(res)["apply-disclosure-entry"] != "pass" {
		t.Errorf("good site: %v", outcomes(res)["apply-disclosure-entry"])
	}
	s := goodSite()
	dropAnchor(s, "依申请公开")
	res := c.Judge(s, asOf)
	if outcomes(res)["apply-disclosure-entry"] != "fail" || res.Score.Deductions != 1.5 || res.Score.Score != 98.5 {
		t.Errorf("without entry: %v %+v", outcomes(res)["apply-disclosure-entry"], res.Score)
	}
}

func TestBonus(t *testing.T) {
	c := withRules(t, `
  - id: bonus-ipv6
    title_zh: IPv6加分（测试）
    title_en: IPv6 bonus (test)
    source: test
    verification: R
    kind: ipv6_dns
    effect: bonus
    points: 3
    applies_to: [portal]
`)
	res := c.Judge(goodSite(), asOf)
	if res.Score.Bonus != 3 || res.Score.Score != 103 {
		t.Errorf("portal above 80: %+v", res.Score)
	}
	// At or below 80 the bonus does not count (and its finding carries 0 points).
	s := goodSite()
	for i := range s.Links {
		s.Links[i].Dead, s.Links[i].HTTPStatus = true, 404
	}
	dropAnchor(s, "搜索")
	dropAnchor(s, "政策解读")
	dropPages(s, "/zcjd/", "/xxgk/nb/202603/t4.html")
	pageByURL(s, "/xxgk/nb/").Items = nil
	s.IPv6.HomeV6Status = 0
	s.Home.HTTPS = false
	res = c.Judge(s, asOf)
	if res.Score.Bonus != 0 || res.Score.Score > 80 {
		dump(t, res)
		t.Errorf("portal at or below 80: %+v", res.Score)
	}
	for _, f := range res.Findings {
		if f.RuleID == "bonus-ipv6" && (f.Outcome != Pass || f.Points != 0) {
			t.Errorf("bonus finding %+v", f)
		}
	}
	// Departments get no bonus rule at all.
	s = goodSite()
	s.Site.Kind = "department"
	if o := outcomes(c.Judge(s, asOf))["bonus-ipv6"]; o != "not_applicable" {
		t.Errorf("department bonus outcome %q", o)
	}
}

func TestVetoScoreComputed(t *testing.T) {
	c := withRules(t, "", "on_veto: zero", "on_veto: computed")
	s := goodSite()
	s.Pages[0].Items[0].Date, s.Pages[0].Items[1].Date = "2026-09-01", "2026-09-01"
	for i := range s.Pages {
		if s.Pages[i].Depth == 1 {
			for j := range s.Pages[i].Items {
				s.Pages[i].Items[j].Date = "2026-09-01"
			}
		}
	}
	res := c.Judge(s, asOf)
	if !res.Score.Veto || res.Score.Grade != "不合格" || res.Score.Score == 0 || !strings.Contains(strings.Join(res.Score.VetoRules, ","), "home-stale") {
		t.Errorf("score = %+v", res.Score)
	}
	if res.Score.Score != 100-res.Score.Deductions {
		t.Errorf("computed score %g with deductions %g", res.Score.Score, res.Score.Deductions)
	}
}

func TestDisabledRule(t *testing.T) {
	c := withRules(t, "", "  - id: https\n", "  - id: https\n    enabled: false\n")
	s := goodSite()
	s.Home.HTTPS = false
	res := c.Judge(s, asOf)
	if _, ok := outcomes(res)["https"]; ok || res.Score.Deductions != 0 {
		t.Errorf("disabled rule judged: %v %+v", outcomes(res)["https"], res.Score)
	}
}
