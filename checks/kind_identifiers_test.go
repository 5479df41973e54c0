package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func TestSiteIdentifiers(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "identifiers", rule: "site-identifiers", want: "pass", msg: "冀公网安备 13010002000001号"},
		{name: "no police", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Footer = "网站标识码：1300000001 冀ICP备05000001号-1" }, rule: "site-identifiers", want: "fail,pass", points: 1, msg: "未展示公安机关备案号"},
		{name: "meta only site id", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Footer = "冀ICP备05000001号-1 冀公网安备13010002000001号"
		}, rule: "site-identifiers", want: "pass", msg: "仅见于SiteIDCode元数据"},
	})
}
