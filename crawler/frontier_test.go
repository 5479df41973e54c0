package crawler

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/urls"
)

// levelURLs lists the URLs of lv.
func levelURLs(lv level) []string {
	out := []string{}
	for i := range lv.len() {
		out = append(out, lv.url(i))
	}
	return out
}

func TestFrontierAdmit(t *testing.T) {
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const home = "https://s.gov.cn/"
	trap := "https://s.gov.cn/a/b/a/b/a/b/a/b.html"
	if urls.TrapReason(trap, asOf) == "" {
		t.Fatalf("%s is no trap: the test needs one", trap)
	}
	type offer struct {
		url   string
		depth int
		want  refusal // what offer says
	}
	budgets := Config{MaxPages: 100, MaxDepth: 3, PatternCap: 0, MaxGuidePages: 10}
	tests := []struct {
		name     string
		cfg      Config
		offers   []offer
		disallow []string // robots.txt disallows these
		want     []string // the next level
		refused  []refused
		asked    []string // the URLs robots.txt is asked about
	}{{
		name:   "candidates are admitted sorted, each once asked about",
		cfg:    budgets,
		offers: []offer{{"https://s.gov.cn/c.html", 0, 0}, {"https://s.gov.cn/a.html", 0, 0}, {"https://s.gov.cn/b.html", 0, 0}},
		want:   []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html", "https://s.gov.cn/c.html"},
		asked:  []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html", "https://s.gov.cn/c.html"},
	}, {
		name:   "a page at MaxDepth offers nothing",
		cfg:    budgets,
		offers: []offer{{"https://s.gov.cn/deep.html", 3, refusedDepth}, {"https://s.gov.cn/ok.html", 2, 0}},
		want:   []string{"https://s.gov.cn/ok.html"},
		asked:  []string{"https://s.gov.cn/ok.html"},
	}, {
		name:    "a trap is refused with its reason, robots.txt not asked",
		cfg:     budgets,
		offers:  []offer{{trap, 0, 0}, {"https://s.gov.cn/x.html", 0, 0}},
		want:    []string{"https://s.gov.cn/x.html"},
		refused: []refused{{url: trap, why: refusedTrap, detail: urls.TrapReason(trap, asOf)}},
		asked:   []string{"https://s.gov.cn/x.html"},
	}, {
		name: "the pattern cap counts the homepage's pattern too",
		cfg:  Config{MaxPages: 100, MaxDepth: 3, PatternCap: 1},
		offers: []offer{{"https://s.gov.cn/n/1.html", 0, 0}, {"https://s.gov.cn/n/2.html", 0, 0},
			{"http://s.gov.cn/", 0, 0}},
		want: []string{"https://s.gov.cn/n/1.html"},
		refused: []refused{
			{url: "http://s.gov.cn/", why: refusedPattern, detail: urls.PatternKey(home)},
			{url: "https://s.gov.cn/n/2.html", why: refusedPattern, detail: urls.PatternKey("https://s.gov.cn/n/1.html")},
		},
		asked: []string{"https://s.gov.cn/n/1.html"},
	}, {
		name:    "MaxPages counts the homepage",
		cfg:     Config{MaxPages: 3, MaxDepth: 3},
		offers:  []offer{{"https://s.gov.cn/a.html", 0, 0}, {"https://s.gov.cn/b.html", 0, 0}, {"https://s.gov.cn/c.html", 0, 0}},
		want:    []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html"},
		refused: []refused{{url: "https://s.gov.cn/c.html", why: refusedBudget}},
		asked:   []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html"},
	}, {
		name: "guide-host pages have a budget of their own",
		cfg:  Config{MaxPages: 100, MaxDepth: 3, MaxGuidePages: 1},
		offers: []offer{{"https://zwfw.guide.cn/1.html", 0, 0}, {"https://zwfw.guide.cn/2.html", 0, 0},
			{"https://s.gov.cn/x.html", 0, 0}},
		want:    []string{"https://s.gov.cn/x.html", "https://zwfw.guide.cn/1.html"},
		refused: []refused{{url: "https://zwfw.guide.cn/2.html", why: refusedGuideBudget}},
		asked:   []string{"https://s.gov.cn/x.html", "https://zwfw.guide.cn/1.html"},
	}, {
		name:     "a page robots.txt disallows costs no budget",
		cfg:      Config{MaxPages: 3, MaxDepth: 3},
		offers:   []offer{{"https://s.gov.cn/a.html", 0, 0}, {"https://s.gov.cn/b.html", 0, 0}, {"https://s.gov.cn/private/x.html", 0, 0}},
		disallow: []string{"https://s.gov.cn/b.html"},
		want:     []string{"https://s.gov.cn/a.html", "https://s.gov.cn/private/x.html"},
		refused:  []refused{{url: "https://s.gov.cn/b.html", why: refusedRobots}},
		asked:    []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html", "https://s.gov.cn/private/x.html"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFrontier(tt.cfg, asOf, func(u string) bool { return strings.Contains(u, "guide.cn") })
			if got := levelURLs(f.seed(home)); !slices.Equal(got, []string{home}) {
				t.Fatalf("seed: level %q", got)
			}
			for _, o := range tt.offers {
				if got := f.offer(o.url, o.depth); got != o.want {
					t.Errorf("offer(%s, %d) = %d, want %d", o.url, o.depth, got, o.want)
				}
			}
			var asked []string
			allowed := func(u string) (bool, error) {
				asked = append(asked, u)
				return !slices.Contains(tt.disallow, u), nil
			}
			lv, refusedURLs, err := f.admit(allowed)
			if err != nil {
				t.Fatal(err)
			}
			if got := levelURLs(lv); !slices.Equal(got, tt.want) {
				t.Errorf("next level %q, want %q", got, tt.want)
			}
			if !slices.Equal(refusedURLs, tt.refused) {
				t.Errorf("refused %+v, want %+v", refusedURLs, tt.refused)
			}
			if !slices.Equal(asked, tt.asked) {
				t.Errorf("robots.txt asked about %q, want %q", asked, tt.asked)
			}
			if f.planned != 1+len(tt.want) {
				t.Errorf("planned %d, want %d", f.planned, 1+len(tt.want))
			}
		})
	}
}

// TestFrontierLevels follows the budgets across levels: candidates are
// collected afresh for each level, budgets are spent for good, and an
// empty level lets the candidates' memory go.
func TestFrontierLevels(t *testing.T) {
	f := newFrontier(Config{MaxPages: 3, MaxDepth: 5}, time.Now(), func(string) bool { return false })
	f.seed("https://s.gov.cn/")
	all := func(string) (bool, error) { return true, nil }
	f.offer("https://s.gov.cn/b.html", 0)
	lv, refused, _ := f.admit(all)
	if got := levelURLs(lv); len(got) != 1 || len(refused) != 0 {
		t.Fatalf("level 1: %q, refused %+v", got, refused)
	}
	f.offer("https://s.gov.cn/c.html", 1)
	f.offer("https://s.gov.cn/d.html", 1)
	lv, refused, _ = f.admit(all)
	if got := levelURLs(lv); !slices.Equal(got, []string{"https://s.gov.cn/c.html"}) ||
		len(refused) != 1 || refused[0].why != refusedBudget {
		t.Fatalf("level 2: %q, refused %+v", got, refused)
	}
	if f.next.buf == nil {
		t.Error("a level with pages dropped the candidate buffer")
	}
	lv, refused, _ = f.admit(all)
	if lv.len() != 0 || len(refused) != 0 || f.next.buf != nil {
		t.Errorf("level 3: %d pages, refused %+v, candidate buffer of %d bytes kept", lv.len(), refused, cap(f.next.buf))
	}
}

// TestFrontierAllowedError ends admission at robots.txt's error and keeps
// the refusals made before it.
func TestFrontierAllowedError(t *testing.T) {
	f := newFrontier(Config{MaxPages: 100, MaxDepth: 3}, time.Now(), func(string) bool { return false })
	f.seed("https://s.gov.cn/")
	for _, u := range []string{"https://s.gov.cn/a.html", "https://s.gov.cn/b.html", "https://s.gov.cn/c.html"} {
		f.offer(u, 0)
	}
	ended := errors.New("context ended")
	allowed := func(u string) (bool, error) {
		if u == "https://s.gov.cn/b.html" {
			return false, ended
		}
		return false, nil
	}
	lv, got, err := f.admit(allowed)
	if !errors.Is(err, ended) || lv.len() != 0 {
		t.Fatalf("admit: level of %d, error %v; want none and %v", lv.len(), err, ended)
	}
	if want := []refused{{url: "https://s.gov.cn/a.html", why: refusedRobots}}; !slices.Equal(got, want) {
		t.Errorf("refused %+v, want %+v", got, want)
	}
}

// TestFrontierCandidateBound refuses a candidate that would take one
// level's candidates over maxCandidateBytes.
func TestFrontierCandidateBound(t *testing.T) {
	f := newFrontier(Config{MaxPages: 100, MaxDepth: 3}, time.Now(), func(string) bool { return false })
	big := "https://s.gov.cn/" + strings.Repeat("x", maxCandidateBytes-100)
	if got := f.offer(big, 0); got != refusedNone {
		t.Fatalf("offer of %d bytes: %d", len(big), got)
	}
	if got := f.offer("https://s.gov.cn/"+strings.Repeat("y", 100), 0); got != refusedCandidates {
		t.Errorf("offer over the bound: %d, want refusedCandidates", got)
	}
	if got := f.offer("https://s.gov.cn/z", 0); got != refusedNone {
		t.Errorf("offer within the bound: %d", got)
	}
}
