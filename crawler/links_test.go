package crawler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/snapshot"
)

func TestLinkTableVerdictRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 23, 1, 2, 3, 456789, time.UTC)
	verdicts := []snapshot.Link{
		{URL: "http://a.cn/", HTTPStatus: 200, Status: snapshot.StatusOK, FinalURL: "http://a.cn/", Attempts: 1, CheckedAt: at},
		{URL: "http://a.cn/x", HTTPStatus: 200, Status: snapshot.StatusOK, FinalURL: "http://a.cn/y", Attempts: 2, Soft404: true,
			Error: "soft 404: page says \"页面不存在\"", CheckedAt: at},
		{URL: "http://b.cn/", Status: snapshot.StatusDNSError, Error: "lookup b.cn: no such host", Dead: true, CheckedAt: at},
		{URL: "http://c.cn/", HTTPStatus: 403, Status: snapshot.StatusBlocked, FinalURL: "http://c.cn/", Blocked: true, Attempts: 1, CheckedAt: at},
		{URL: "http://a.cn/private/", Status: snapshot.StatusRobotsBlocked, Error: "disallowed by robots.txt", CheckedAt: at},
	}
	tab := newLinkTable()
	for i, v := range verdicts {
		if i%2 == 0 {
			tab.setPending(v) // read back from a journal ...
			tab.reference(v.URL)
		} else {
			tab.reference(v.URL) // ... or judged now
			if !tab.judge(v.URL, v) {
				t.Fatalf("judge %s: false", v.URL)
			}
		}
		if tab.judge(v.URL, snapshot.Link{URL: v.URL, Status: snapshot.StatusOK}) {
			t.Errorf("second judge of %s replaced the verdict", v.URL)
		}
	}
	for _, want := range verdicts {
		got := snapshot.Link{URL: want.URL}
		if !tab.fill(&got) {
			t.Errorf("%s: no verdict", want.URL)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("verdict of %s (-want +got):\n%s", want.URL, diff)
		}
	}

	r := tab.reference("http://d.cn/")
	if !r.first || r.seen {
		t.Errorf("new link ref %+v", r)
	}
	if first, judged := tab.claim(r.index); !first || judged {
		t.Errorf("claim = %v %v", first, judged)
	}
	if first, _ := tab.claim(r.index); first {
		t.Error("claimed twice")
	}
	tab.setNotChecked(r.index, "link check budget exhausted")
	got := snapshot.Link{URL: "http://d.cn/"}
	if tab.fill(&got) || got.Status != snapshot.StatusNotChecked || got.Error != "link check budget exhausted" {
		t.Errorf("unchecked link %+v", got)
	}
	if !tab.markSeen("http://d.cn/") || tab.markSeen("http://d.cn/") || !tab.reference("http://d.cn/").seen {
		t.Error("seen-set")
	}
}
