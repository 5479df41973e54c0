package linkcheck

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// page returns a small government-style HTML page.
func page(title, body string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title +
		`</title><script>var t = "页面不存在";</script><style>body{}</style></head><body>` +
		`<div class="nav">首页 政务公开 政务服务 互动交流 走进南山</div>` + body +
		`<div class="footer">主办：南山区人民政府办公室 网站标识码：4403050001 粤ICP备05000000号</div></body></html>`
}

// article is a page with a long real text.
func article(title, extra string) string {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "<p>第%d条 为进一步做好政府信息公开工作，提升政务服务水平，区政府各部门应当按照规定及时更新栏目内容。</p>", i+1)
	}
	return page(title, "<h1>"+title+"</h1>"+b.String()+extra)
}

// bigNavPage is page with a navigation longer than the text window the
// not-found phrases are searched in.
func bigNavPage(title, body string) string {
	var nav strings.Builder
	for i := range 120 {
		fmt.Fprintf(&nav, "<li><a href=\"/col%d/\">政务栏目第%d项</a></li>", i, i)
	}
	return page(title, `<div class="nav"><ul>`+nav.String()+`</ul></div>`+body)
}

// hits counts requests by "host method path".
type hits struct {
	mu sync.Mutex
	n  map[string]int
}

// get returns the count of one request kind.
func (h *hits) get(host, method, path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[host+" "+method+" "+path]
}

// wrap counts every request before next answers it.
func (h *hits) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		h.mu.Lock()
		if h.n == nil {
			h.n = map[string]int{}
		}
		h.n[host+" "+r.Method+" "+r.URL.Path]++
		h.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// fixture is the fake agency web: one handler per host name.
func fixture() http.Handler {
	sites := map[string]http.Handler{
		"honest.test.gov.cn":  honest(),
		"soft.test.gov.cn":    soft(),
		"mirror.test.gov.cn":  mirror(),
		"redir.test.gov.cn":   redir(),
		"errpage.test.gov.cn": errpage(),
		"named.test.gov.cn":   named(),
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		if h, ok := sites[host]; ok {
			h.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
}

// writeHTML writes an HTML answer.
func writeHTML(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// honest answers missing pages with 404 and serves every verdict case.
func honest() http.Handler {
	mux := http.NewServeMux()
	var flakyReset, flaky503 sync.Mutex
	resetDone, f503Done := false, false
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/ok.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, article("关于做好政务公开工作的通知", ""))
	})
	mux.HandleFunc("/500.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 500, page("错误", "服务器内部错误"))
	})
	mux.HandleFunc("/503.html", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 503, page("维护", "系统维护中")) })
	mux.HandleFunc("/soft-cn.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("南山区人民政府", "<p>对不起，您访问的页面不存在或已被删除！</p>"))
	})
	mux.HandleFunc("/soft-en.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("404 Not Found", "<p>The page you requested could not be found.</p>"))
	})
	mux.HandleFunc("/deep.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, article("关于规范政府网站链接管理的通知", "<p>各单位要定期检查，杜绝出现“页面不存在”“信息不存在”等情况。</p>"))
	})
	mux.HandleFunc("/waf.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 403, page("安全验证", "<p>请完成安全验证后继续访问</p>"))
	})
	mux.HandleFunc("/cf.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "cloudflare")
		writeHTML(w, 503, `<html><head><title>Just a moment...</title></head><body><form id="challenge-form" action="/?__cf_chl_f_tk=x"></form></body></html>`)
	})
	mux.HandleFunc("/waf-header.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Waf-Event-Info", "blocked")
		writeHTML(w, 405, "<html><body>Method Not Allowed</body></html>")
	})
	mux.HandleFunc("/bare403.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 403, page("403 Forbidden", "<p>Forbidden</p>"))
	})
	mux.HandleFunc("/403-missing.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 403, page("提示", "<p>您所访问的页面不存在</p>"))
	})
	mux.HandleFunc("/429.html", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 429, "too many") })
	mux.HandleFunc("/loop.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop.html", http.StatusFound) })
	mux.HandleFunc("/flaky-reset.html", func(w http.ResponseWriter, r *http.Request) {
		flakyReset.Lock()
		first := !resetDone
		resetDone = true
		flakyReset.Unlock()
		if first {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
			return
		}
		writeHTML(w, 200, article("通知公告", ""))
	})
	mux.HandleFunc("/flaky-503.html", func(w http.ResponseWriter, r *http.Request) {
		flaky503.Lock()
		first := !f503Done
		f503Done = true
		flaky503.Unlock()
		if first {
			writeHTML(w, 503, "busy")
			return
		}
		writeHTML(w, 200, article("政策解读", ""))
	})
	mux.HandleFunc("/slow.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
		writeHTML(w, 200, "late")
	})
	mux.HandleFunc("/withdrawn.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, bigNavPage("提示", "<p>您查看的内容已被撤下，感谢您的关注。</p>"))
	})
	mux.HandleFunc("/bignav-missing.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, bigNavPage("南山区人民政府", "<p>对不起，您访问的页面不存在！</p>"))
	})
	mux.HandleFunc("/short-notice.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, bigNavPage("关于调整办公时间的通知", "<h1>关于调整办公时间的通知</h1><p>自下周一起，区政务服务中心周六上午正常办公。</p>"))
	})
	mux.HandleFunc("/revoked-notice.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, article("关于废止部分规范性文件的决定", "<p>经清理，下列文件已撤销，自公布之日起不再执行。</p>"))
	})
	mux.HandleFunc("/files/", files)
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 200, article("内部", "")) })
	mux.HandleFunc("/busy/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		writeHTML(w, 200, article("栏目"+r.URL.Path, ""))
	})
	return mux
}

// files serves attachments: report.pdf refuses HEAD, plain.pdf answers it,
// deleted.pdf is an HTML missing-page answer with 200.
func files(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/files/report.pdf":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4 report")
	case "/files/ranged.pdf", "/files/empty.pdf":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusNotImplemented)
			return
		}
		if r.URL.Path == "/files/empty.pdf" && r.Header.Get("Range") != "" {
			w.Header().Set("Content-Range", "bytes */0")
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(strings.Repeat("%PDF-1.4 ", 100000)))
	case "/files/plain.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4 plain")
	case "/files/deleted.pdf":
		writeHTML(w, 200, page("提示信息", "<p>文件不存在或已被删除</p>"))
	default:
		http.NotFound(w, r)
	}
}

// soft answers every unknown path with the same 200 error page (with a
// volatile time stamp), in words that are not in the phrase list.
func soft() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			writeHTML(w, 200, page("南山区人民政府", "<ul><li>区政府常务会议召开</li><li>政府信息公开年报</li><li>政务服务指南</li></ul>"))
		case "/news/1.html":
			writeHTML(w, 200, article("南山区人民政府", ""))
		default:
			writeHTML(w, 200, page("南山区人民政府", fmt.Sprintf(
				"<p>抱歉，暂时无法显示您请求的内容，请返回首页继续浏览。</p><p>请求时间：%d</p>", time.Now().UnixNano())))
		}
	})
}

// mirror answers every path, the random probe included, with its homepage.
func mirror() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		writeHTML(w, 200, page("镜像市人民政府", "<ul><li>市政府常务会议</li><li>政策文件</li><li>办事服务</li></ul>"))
	})
}

// redir redirects every unknown path to its homepage.
func redir() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			writeHTML(w, 200, page("转向县人民政府", "<ul><li>县政府常务会议</li></ul>"))
		case "/news/2.html":
			writeHTML(w, 200, article("县政府召开会议", ""))
		default:
			http.Redirect(w, r, "/", http.StatusFound)
		}
	})
}

// errpage redirects every unknown path to one error page that says sorry in
// words no list holds, beside a tip that changes with every answer (so the
// page is never the same twice).
func errpage() http.Handler {
	tips := []string{
		"今日推荐：我区举办全民健身运动会，欢迎广大市民踊跃报名参加各项比赛活动。",
		"温馨提示：政务服务中心推出延时服务，工作日晚间和周末均可办理部分高频事项。",
		"便民信息：城区部分路段道路施工，请过往车辆和行人注意绕行，注意出行安全。",
	}
	var mu sync.Mutex
	n := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			writeHTML(w, 200, page("错页县人民政府", "<ul><li>县政府常务会议</li></ul>"))
		case "/news/3.html":
			writeHTML(w, 200, article("县政府召开全体会议", ""))
		case "/sorry.html":
			mu.Lock()
			tip := tips[n%len(tips)]
			n++
			mu.Unlock()
			writeHTML(w, 200, page("错页县人民政府", "<p>非常抱歉，您要找的内容暂时离开了，请稍后再来。</p><p>"+tip+"</p>"))
		default:
			http.Redirect(w, r, "/sorry.html", http.StatusFound)
		}
	})
}

// named answers every unknown path with 200 and a page whose title names
// the requested path, in words no list holds.
func named() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/":
			writeHTML(w, 200, page("北山区人民政府", "<ul><li>区政府常务会议</li></ul>"))
		case "/news/4.html":
			writeHTML(w, 200, article("北山区人民政府网站 - 区政府召开常务会议", ""))
		default:
			writeHTML(w, 200, page("北山区人民政府网站 - 您访问的地址本站未收录 - "+r.URL.Path,
				"<p>本站未收录该地址，请返回首页继续浏览本站其他栏目。</p>"))
		}
	})
}
