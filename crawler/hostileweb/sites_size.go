package hostileweb

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"gongkai/crawler/snapshot"
)

// endlessSite has endless 2 MB pages, each linking ten new ones: only the
// site's byte budget stops it.
func endlessSite(done <-chan struct{}) siteDef {
	// The bulk is a comment: cheap to parse, so the bytes, not the CPU,
	// are what the site costs.
	filler := append(append([]byte("<!--"), bytes.Repeat([]byte("统计数据汇编 地区生产总值 固定资产投资\n"), (2<<20)/50)...), "-->"...)
	h := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/p/"), ".html"))
		var b bytes.Buffer
		b.WriteString("<html><head><title>统计数据 第" + strconv.Itoa(n) + "页</title></head><body><ul>")
		for i := range 10 {
			fmt.Fprintf(&b, "<li><a href=\"/p/%d.html\">第%d页</a></li>", n*10+i+1, n*10+i+1)
		}
		b.WriteString("</ul>")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b.Bytes())
		_, _ = w.Write(filler)
		_, _ = w.Write([]byte("</body></html>"))
	}
	return def("endless", "无尽县人民政府", snapshot.StatusSiteTooLarge,
		"endless 2 MB pages, each linking ten new ones: the site's byte budget ends it", http.HandlerFunc(h))
}

// brotliBomb is 1 GiB of zeros compressed by brotli into 809 bytes
// (quality 5, window 24), made once: compressing it at test time would
// take seconds, minutes under the race detector.
//
//go:embed zeros-1GiB.br
var brotliBomb []byte

// gzipBomb holds the gzip bomb, built once.
var gzipBomb struct {
	once sync.Once
	body []byte
}

// bombBodies returns a gzip body that inflates to 1 GiB of zeros from
// about a megabyte on the wire (1024 gzip members of 1 MiB each, which a
// gzip reader reads as one stream) and a brotli body that inflates to
// 1 GiB from 809 bytes.
func bombBodies() ([]byte, []byte) {
	gzipBomb.once.Do(func() {
		var member bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
		_, _ = zw.Write(make([]byte, 1<<20))
		_ = zw.Close()
		gzipBomb.body = bytes.Repeat(member.Bytes(), 1024)
	})
	return gzipBomb.body, brotliBomb
}

// bombsSite links to decompression bombs, an endless stream, a header
// of megabytes and a body that claims ten gigabytes.
func bombsSite(done <-chan struct{}) siteDef {
	rs := routes{"/": static(page("炸弹县人民政府", nil,
		link{"gzip", "/gzip.html"}, link{"br", "/br.html"}, link{"无尽", "/stream.html"},
		link{"大头", "/header.html"}, link{"十G", "/ten-gb.html"}))}
	rs["/gzip.html"] = func(w http.ResponseWriter, r *http.Request) {
		g, _ := bombBodies()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(g)
	}
	rs["/br.html"] = func(w http.ResponseWriter, r *http.Request) {
		_, b := bombBodies()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "br")
		_, _ = w.Write(b)
	}
	stream := func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<tr><td>无尽的表格</td><td>0.0</td></tr>\n"), 1000)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<html><head><title>无尽</title></head><body><table>"))
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
	rs["/stream.html"] = stream
	rs["/ten-gb.html"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.FormatInt(10<<30, 10))
		stream(w, r)
	}
	rs["/header.html"] = raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + strings.Repeat("a", 2<<20) + "\r\n\r\n<html>hi</html>")
	return def("bombs", "炸弹县人民政府", snapshot.StatusOK,
		"links to gzip and brotli bombs (1 GiB from 1 MB and from 809 bytes), an endless stream, a 2 MB header and a 10 GB Content-Length: each page too_large", rs)
}

// parserSite links to pages that attack the parser.
func parserSite() siteDef {
	many := func(n int, unit string) []byte {
		var b bytes.Buffer
		b.WriteString("<html><head><title>解析</title></head><body>")
		for i := range n {
			if strings.Contains(unit, "%") {
				fmt.Fprintf(&b, unit, i)
			} else {
				b.WriteString(unit)
			}
		}
		b.WriteString("</body></html>")
		return b.Bytes()
	}
	long := "/" + strings.Repeat("x", 1<<20)
	rs := routes{"/robots.txt": robots("User-agent: *\nDisallow: /l/\n"), "/": static(page("解析县人民政府", nil,
		link{"深", "/deep.html"}, link{"宽", "/wide.html"}, link{"链接", "/links.html"},
		link{"长地址", "/long.html"}, link{"长属性", "/attr.html"}))}
	rs["/deep.html"] = static(many(100_000, "<div>"))
	rs["/wide.html"] = static(many(300_000, "<i>%d</i>"))
	rs["/links.html"] = static(linksPage(50_000))
	rs["/long.html"] = static(append([]byte(`<html><head><base href="http://www.parser.gov.cn/`+strings.Repeat("b", 60<<10)+`/"><title>长</title></head><body>`),
		many(2, `<a href="`+long+`%d">x</a>`)...))
	rs["/attr.html"] = static([]byte(`<html><head><title>属性</title><meta name="description" content="` +
		strings.Repeat("长", 1<<18) + `"></head><body><a title="` + strings.Repeat("题", 1<<18) + `" href="/">首页</a></body></html>`))
	return def("parser", "解析县人民政府", snapshot.StatusOK,
		"links to 100,000 nested elements, 300,000 elements, 50,000 links, megabyte URLs and attributes: each page too_large", rs)
}

// linksPage has n links to distinct pages under /l/, which robots.txt
// closes: they are recorded and judged without a request each.
func linksPage(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><head><title>链接</title></head><body>")
	for i := range n {
		fmt.Fprintf(&b, `<a href="/l/%d.html">链接%d</a>`, i, i)
	}
	b.WriteString("</body></html>")
	return b.Bytes()
}

// trapSite has pagination, a calendar, session ids, repeating path
// segments and pages that mint new links, all without end.
func trapSite() siteDef {
	h := func(w http.ResponseWriter, r *http.Request) {
		p, q := r.URL.Path, r.URL.Query()
		switch {
		case p == "/robots.txt":
			http.NotFound(w, r)
		case p == "/":
			writeHTML(w, page("陷阱县人民政府", nil, link{"列表", "/list?page=1"}, link{"日历", "/cal?date=2026-11-20"},
				link{"互动", "/hd/index.jsp?sid=A1"}, link{"目录", "/ml/"}, link{"新闻", "/news/1.html"}))
		case p == "/list":
			n, _ := strconv.Atoi(q.Get("page"))
			writeHTML(w, page(fmt.Sprintf("第%d页", n), nil, link{"下一页", fmt.Sprintf("/list?page=%d", n+1)}))
		case p == "/cal":
			writeHTML(w, page("日历", nil, link{"上一天", "/cal?date=" + prevDay(q.Get("date"))}))
		case strings.HasPrefix(p, "/hd/"):
			writeHTML(w, page("互动", nil, link{"留言", fmt.Sprintf("/hd/index.jsp?sid=%x", randomish(r))}))
		case strings.HasPrefix(p, "/ml/"):
			writeHTML(w, page("目录", nil, link{"目录", "ml/"}))
		case strings.HasPrefix(p, "/news/"):
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/news/"), ".html"))
			var links []link
			for i := range 5 {
				links = append(links, link{"新闻", fmt.Sprintf("/news/%d.html", n*5+i+1)})
			}
			writeHTML(w, page("新闻", nil, links...))
		default:
			http.NotFound(w, r)
		}
	}
	return def("trap", "陷阱县人民政府", snapshot.StatusOK,
		"endless pagination, calendar, session ids, repeating segments and link-minting pages: the page, depth and pattern budgets hold", http.HandlerFunc(h))
}

// prevDay returns the day before a YYYY-MM-DD date (a fixed one if bad).
func prevDay(d string) string {
	var y, m, day int
	if _, err := fmt.Sscanf(d, "%d-%d-%d", &y, &m, &day); err != nil || day <= 1 {
		return fmt.Sprintf("%04d-%02d-28", y-1, max(m, 1))
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, day-1)
}

// randomish returns a value that differs between requests.
func randomish(r *http.Request) uint64 {
	var h uint64 = 14695981039346656037
	for _, c := range r.RemoteAddr + r.URL.RawQuery {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}
