package sampleweb

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Crawler traps of the `trap` site (www.xianjing.gov.cn):
//
//	/cal?date=YYYY-MM-DD      calendar: previous day/month/year forever
//	/list?page=N              pagination that always links page N+1
//	/hdjl/index.jsp?sid=X     session id in the query, new on every response
//	/zwgk/gkml/               links ./zwgk/gkml/, so /zwgk/gkml/zwgk/gkml/ … forever
//	/loop -> /loop2 -> /loop  endless 302 redirect loop
//	/huge                     200 MB of HTML, streamed
//	/slow                     headers at once, then 1 byte per second
//	/private/…                disallowed by robots.txt, linked from the homepage
const (
	hugeBytes    = 200 << 20
	slowMaxBytes = 3600
)

var repeatPath = regexp.MustCompile(`^(/zwgk/gkml)+/$`)

type trapHandler struct {
	b    *builder
	done <-chan struct{} // closed when the web closes
	tick time.Duration   // the slow page's byte interval
}

// serve answers trap URLs; it reports false for any other path.
func (t *trapHandler) serve(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/cal":
		t.calendar(w, r)
	case p == "/list":
		t.pagination(w, r)
	case p == "/hdjl/index.jsp", p == "/hdjl/list.jsp":
		t.write(w, "互动交流", []string{"欢迎参与互动交流。"}, []linkView{
			{Text: "我要留言", URL: "/hdjl/index.jsp?sid=" + randomID()},
			{Text: "留言列表", URL: "/hdjl/list.jsp?sid=" + randomID() + "&page=1"},
		})
	case repeatPath.MatchString(p):
		t.write(w, "信息公开目录", []string{"按主题、机构、体裁分类浏览政府信息。"}, []linkView{
			{Text: "信息公开目录", URL: "./zwgk/gkml/"},
			{Text: "政府信息公开", URL: t.b.s.plat.hub.path},
		})
	case p == "/loop":
		http.Redirect(w, r, "/loop2", http.StatusFound)
	case p == "/loop2":
		http.Redirect(w, r, "/loop", http.StatusFound)
	case p == "/huge":
		t.huge(w, r)
	case p == "/slow":
		t.slow(w, r)
	case p == "/zt/":
		t.write(w, "专题汇总", []string{"本栏目汇集各类专题专栏。"}, []linkView{
			{Text: "优化营商环境专题", URL: "/loop"},
			{Text: "历年统计数据汇编", URL: "/huge"},
			{Text: "政府常务会议网络直播", URL: "/slow"},
			{Text: "政府信息公开", URL: t.b.s.plat.hub.path},
			{Text: "返回首页", URL: "/"},
		})
	case strings.HasPrefix(p, "/private/"):
		t.write(w, "内部资料", []string{"本栏目为内部资料，仅限内部人员查阅。"}, nil)
	default:
		return false
	}
	return true
}

// write renders a trap page in the site's style.
func (t *trapHandler) write(w http.ResponseWriter, title string, paras []string, links []linkView) {
	c := &column{def: columnDef{Code: "zt", Name: title}, name: title, host: t.b.s.def.Host, path: "/zt/"}
	l := t.b.layout(c.host, t.b.title(title))
	l.Crumbs = t.b.s.crumbs(c) // no column metadata: trap pages are not columns
	p, err := t.b.render("textpage", textData{Title: title, Paras: paras, Links: links}, l, "")
	if err != nil {
		errorPage(w, http.StatusInternalServerError)
		return
	}
	writePage(w, p, serverHeaders[t.b.s.def.Style])
}

func (t *trapHandler) calendar(w http.ResponseWriter, r *http.Request) {
	asOf := t.b.s.asOf
	d, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("date"), asOf.Location())
	if err != nil || d.After(asOf) {
		d = asOf
	}
	link := func(text string, day time.Time) linkView {
		return linkView{Text: text, URL: "/cal?date=" + day.Format("2006-01-02")}
	}
	links := []linkView{link("上一天", d.AddDate(0, 0, -1)), link("上个月", d.AddDate(0, -1, 0)), link("去年今日", d.AddDate(-1, 0, 0))}
	if next := d.AddDate(0, 0, 1); !next.After(asOf) {
		links = append(links, link("下一天", next))
	}
	t.write(w, "活动日历", []string{d.Format("2006年01月02日") + "：暂无活动安排。"}, links)
}

func (t *trapHandler) pagination(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		n = 1
	}
	var links []linkView
	if c := t.b.s.byCode["xwzx/jryw"]; c != nil {
		links = t.b.itemLinks(c.host, c, 0, t.b.s.listDate)
	}
	if n > 1 {
		links = append(links, linkView{Text: "上一页", URL: fmt.Sprintf("/list?page=%d", n-1)})
	}
	links = append(links, linkView{Text: "下一页", URL: fmt.Sprintf("/list?page=%d", n+1)})
	t.write(w, fmt.Sprintf("政务信息 第%d页", n), nil, links)
}

func (t *trapHandler) huge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	var chunk bytes.Buffer
	for chunk.Len() < 64<<10 {
		fmt.Fprintf(&chunk, "<tr><td>%d</td><td>地区生产总值（亿元）</td><td>%d.%d</td><td>同比增长%d.%d%%</td></tr>\n", chunk.Len(), 100+chunk.Len()%900, chunk.Len()%10, chunk.Len()%9, chunk.Len()%7)
	}
	_, _ = w.Write([]byte("<html><head><title>历年统计数据汇编</title></head><body><table>\n"))
	for sent := 0; sent < hugeBytes; sent += chunk.Len() {
		if r.Context().Err() != nil || t.closed() {
			return
		}
		if _, err := w.Write(chunk.Bytes()); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte("</table></body></html>\n"))
}

func (t *trapHandler) slow(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	f, _ := w.(http.Flusher)
	body := strings.Repeat("<html><head><title>政府常务会议网络直播</title></head><body><p>直播加载中……</p></body></html>\n", 40)
	tick := time.NewTicker(t.tick)
	defer tick.Stop()
	for i := 0; i < slowMaxBytes && i < len(body); i++ {
		if _, err := w.Write([]byte{body[i]}); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-t.done:
			return
		case <-tick.C:
		}
	}
}

func (t *trapHandler) closed() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}
