package checks

import (
	"fmt"
	"testing"

	"gongkai/crawler/snapshot"
)

// funnelled adds n links found on the 政策文件 column that all redirect,
// with a 200 at the end, to target.
func funnelled(n int, target string) func(s *snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		for i := range n {
			s.Links = append(s.Links, snapshot.Link{URL: u(fmt.Sprintf("/zcwj/2019/t%d.html", i)), FromURL: u("/zcwj/"), Tag: "a",
				Internal: true, Level: 3, HTTPStatus: 200, Status: snapshot.StatusOK, FinalURL: u(target), CheckedAt: asOf})
		}
	}
}

// TestRedirectFunnels: many different links redirected to one page are
// missing pages answered with 200; a redirect that only adds a slash or an
// index file, or too few links sharing a target, are not.
func TestRedirectFunnels(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "three links funnelled into a column", mutate: funnelled(3, "/zcwj/"), rule: "links-dead-other",
			want: "fail,fail,fail", points: 0.3, msg: "共3个不同地址被转到此页"},
		{name: "two links are a coincidence", mutate: funnelled(2, "/zcwj/"), rule: "links-dead-other", want: "pass"},
		{name: "slash and index redirects stay on their page", mutate: func(s *snapshot.Snapshot) {
			for _, p := range []string{"/a", "/b", "/c"} {
				s.Links = append(s.Links, snapshot.Link{URL: u(p), FromURL: u("/"), Tag: "a", Internal: true, Level: 3,
					HTTPStatus: 200, Status: snapshot.StatusOK, FinalURL: u(p + "/index.html"), CheckedAt: asOf})
			}
		}, rule: "links-dead-other", want: "pass"},
	})
}
