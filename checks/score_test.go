package checks

import (
	"strings"
	"testing"
)

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
