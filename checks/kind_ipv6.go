package checks

import (
	"cmp"
	"fmt"
	"strings"

	"gongkai/crawler/snapshot"
)

// checkIPv6DNS: the homepage host has an AAAA record (国家IPv6发展监测平台 指标).
// It is judged from DNS alone, so a site whose server fails (502) is
// judged too; a host that does not resolve at all is not.
func checkIPv6DNS(p *pass) {
	h := p.site.snap.HomeHost()
	switch {
	case h == nil && !p.site.answered:
		p.na("站点未响应（%s），没有首页主机的DNS记录", p.site.statusText())
		return
	case h == nil:
		p.errorf("快照中没有首页主机的DNS记录")
		return
	case h.DNSError != "" && len(h.A) == 0 && len(h.AAAA) == 0:
		p.na("首页主机%s无法解析（%s），无法判断AAAA记录", h.Name, h.DNSError)
		return
	}
	if len(h.AAAA) > 0 {
		p.ok("", "首页主机%s有AAAA记录：%s", h.Name, strings.Join(h.AAAA, "，"))
		return
	}
	p.fail(homeURL(p.site), "首页主机%s没有AAAA记录%s", h.Name, suffix(h.DNSError))
}

// IPv6HomeParams configures ipv6_home.
type IPv6HomeParams struct {
	// RequireConsistent: the page fetched over IPv6 must match the IPv4 one.
	RequireConsistent bool `yaml:"require_consistent" json:"require_consistent"`
}

func newIPv6HomeParams() kindParams                   { return &IPv6HomeParams{RequireConsistent: true} }
func (*IPv6HomeParams) validate(*Catalog) *paramError { return nil }

// checkIPv6Home: the homepage answers over IPv6 alone with HTTP 2xx/3xx (and
// the same content as over IPv4, when required).
func checkIPv6Home(p *pass) {
	hp := params[IPv6HomeParams](p)
	x := p.site.snap.IPv6
	home := homeURL(p.site)
	switch {
	case !homeAnswersV6(x):
		detail := x.HomeV6Error
		if x.HomeV6Status > 0 {
			detail = fmt.Sprintf("HTTP %d %s", x.HomeV6Status, detail)
		}
		p.fail(home, "无法通过IPv6访问首页（%s）", cmp.Or(strings.TrimSpace(detail), "无IPv6地址"))
	case hp.RequireConsistent && !x.Consistent:
		p.fail(home, "通过IPv6访问首页返回HTTP %d，但内容与IPv4访问不一致（相似度%.2f）", x.HomeV6Status, x.Similarity)
	default:
		p.ok(home, "通过IPv6访问首页返回HTTP %d（与IPv4内容相似度%.2f）", x.HomeV6Status, x.Similarity)
	}
}

// homeAnswersV6 reports an HTTP 2xx/3xx answer of the homepage over IPv6
// alone.
func homeAnswersV6(x snapshot.IPv6) bool { return x.HomeV6Status >= 200 && x.HomeV6Status <= 399 }

// LevelRatio is a minimum IPv6 support ratio for the links of one level.
type LevelRatio struct {
	Level    int     `yaml:"level" json:"level"`
	MinRatio float64 `yaml:"min_ratio" json:"min_ratio"`
}

// IPv6LinksParams configures ipv6_links.
type IPv6LinksParams struct {
	Levels       []LevelRatio `yaml:"levels" json:"levels"`
	InternalOnly bool         `yaml:"internal_only" json:"internal_only"`
}

func newIPv6LinksParams() kindParams { return &IPv6LinksParams{InternalOnly: true} }

func (lp *IPv6LinksParams) validate(*Catalog) *paramError {
	if len(lp.Levels) == 0 {
		return perr("levels", "at least one level is required")
	}
	for i, l := range lp.Levels {
		if l.Level < 2 || l.MinRatio <= 0 || l.MinRatio > 1 {
			return perr(fmt.Sprintf("levels[%d]", i), "need level >= 2 and 0 < min_ratio <= 1")
		}
	}
	return nil
}

// linkIPv6Ratio returns the share of the snapshot's links of one level
// (national method: homepage links are level 2, theirs level 3) whose host
// answered over IPv6, and how many links were counted. Links not checked,
// non-HTTP links and links to hosts the crawler did not probe are left out.
func linkIPv6Ratio(s *snapshot.Snapshot, level int, internalOnly bool) (float64, int) {
	hosts := map[string]bool{}
	for _, h := range s.Hosts {
		hosts[strings.ToLower(h.Name)] = h.IPv6OK
	}
	n, ok := 0, 0
	for _, l := range s.Links {
		if l.Level != level || (internalOnly && !l.Internal) || l.Status == snapshot.StatusNotChecked {
			continue
		}
		if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
			continue
		}
		v6, probed := hosts[snapshot.HostName(l.URL)]
		if !probed {
			continue
		}
		n++
		if v6 {
			ok++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(ok) / float64(n), n
}

func checkIPv6Links(p *pass) {
	lp := params[IPv6LinksParams](p)
	judged := 0
	for _, l := range lp.Levels {
		ratio, n := linkIPv6Ratio(p.site.snap, l.Level, lp.InternalOnly)
		if n == 0 {
			continue
		}
		judged++
		if ratio < l.MinRatio {
			p.fail("", "%s级链接IPv6支持率%.1f%%（%d个链接），低于%.0f%%", levelName(l.Level), ratio*100, n, l.MinRatio*100)
		} else {
			p.ok("", "%s级链接IPv6支持率%.1f%%（%d个链接），不低于%.0f%%", levelName(l.Level), ratio*100, n, l.MinRatio*100)
		}
	}
	if judged == 0 {
		p.na("没有可统计IPv6支持率的链接")
	}
}

// ipv6Facts fills the IPv6 site facts as rules ipv6-dns, ipv6-home and
// ipv6-links see them (links counted with the internal_only of rule
// ipv6-links; internal links only when the catalog has no such rule).
func (c *Catalog) ipv6Facts(s *snapshot.Snapshot, f *SiteFacts) {
	if h := s.HomeHost(); h != nil {
		f.AAAA = len(h.AAAA) > 0
	}
	f.IPv6Home = homeAnswersV6(s.IPv6)
	internal := true
	if r, ok := c.Rule("ipv6-links"); ok {
		if lp, ok := r.Params.(*IPv6LinksParams); ok {
			internal = lp.InternalOnly
		}
	}
	ratio := func(level int) *float64 {
		if r, n := linkIPv6Ratio(s, level, internal); n > 0 {
			return &r
		}
		return nil
	}
	f.IPv6L2Ratio, f.IPv6L3Ratio = ratio(2), ratio(3)
}

func levelName(l int) string {
	switch l {
	case 2:
		return "二"
	case 3:
		return "三"
	}
	return fmt.Sprint(l)
}

// checkHTTPS: the homepage, after redirects, is served over HTTPS.
func checkHTTPS(p *pass) {
	h := p.site.snap.Home
	final := cmp.Or(h.FinalURL, h.URL)
	switch {
	case h.HTTPS:
		p.ok(final, "首页使用HTTPS访问")
	case h.TLSError != "":
		p.fail(final, "首页HTTPS无法建立安全连接（%s），用户只能通过 %s 访问", h.TLSError, final)
	default:
		p.fail(final, "首页未使用HTTPS（最终地址 %s）", final)
	}
}
