package hostileweb

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"gongkai/crawler/snapshot"
)

// catalogue returns every hostile site, one per behaviour class. done is
// closed when the web closes (endless handlers stop then).
func catalogue(done <-chan struct{}) []siteDef {
	// The sites that take their whole budget come first, so that an
	// audit of the web spends that budget while it does the rest.
	return []siteDef{
		tarpitSite(),
		trickleSite(done),
		robotsDelaySite(),
		normalSite(),
		handshakeSite(),
		selfSignedSite(),
		expiredSite(),
		wrongNameSite(),
		loopSite(),
		redirectsSite(),
		endlessSite(done),
		bombsSite(done),
		parserSite(),
		trapSite(),
		robotsHugeSite(),
		robotsErrorSite(),
		downSite(),
		robotsLoopSite(),
		retryAfterSite(),
		lyingSite(),
		browserSite(),
		ssrfSite(),
	}
}

// host is the homepage host of a site id.
func host(id string) string { return "www." + id + ".gov.cn" }

// def starts a site definition served over plain http.
func def(id, name string, want snapshot.Status, why string, h http.Handler) siteDef {
	return siteDef{id: id, name: name, hosts: []string{host(id)}, home: "http://" + host(id) + "/",
		http: h, want: want, why: why}
}

// normalSite is the control: an ordinary small site.
func normalSite() siteDef {
	rs := routes{"/": static(page("正常县人民政府", []string{"欢迎访问。"},
		link{"政务公开", "/zwgk/"}, link{"通知公告", "/tzgg/"}, link{"政策文件", "/zcwj/"}))}
	for _, p := range []string{"/zwgk/", "/tzgg/", "/zcwj/"} {
		rs[p] = static(page("栏目", []string{"2026-11-18 关于开展安全检查的通知"}, link{"首页", "/"}))
	}
	d := def("normal", "正常县人民政府", snapshot.StatusOK, "an ordinary site over https, the control", rs)
	d.home, d.tls = "https://"+host("normal")+"/", tlsGood
	return d
}

// tarpitSite accepts connections and never answers: not robots.txt, not
// the homepage.
func tarpitSite() siteDef {
	d := def("tarpit", "沉默县人民政府", snapshot.StatusSiteTimeout,
		"accepts every connection and never answers: the site's budget ends it", nil)
	d.tarpit = true
	return d
}

// trickleSite answers its homepage, then trickles: bodies a byte at a
// time, headers a byte at a time, and an attachment whose HEAD never
// answers.
func trickleSite(done <-chan struct{}) siteDef {
	var links []link
	for i := range 12 {
		links = append(links, link{fmt.Sprintf("直播%d", i), fmt.Sprintf("/slow/%d.html", i)})
	}
	for i := range 4 {
		links = append(links, link{fmt.Sprintf("慢头%d", i), fmt.Sprintf("/hdr/%d.html", i)})
	}
	links = append(links, link{"附件", "/files/report.pdf"})
	rs := routes{"/": static(page("缓慢县人民政府", nil, links...)), "/robots.txt": robots("User-agent: *\nAllow: /\n")}
	trickleBody := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		dripBytes(w, r, done, "<html><body>"+strings.Repeat("直播加载中", 10000), 100*time.Millisecond)
	}
	trickleHeader := func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nX-Slow: ")
		for {
			if buf.WriteByte('a') != nil || buf.Flush() != nil {
				return
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	for i := range 12 {
		rs[fmt.Sprintf("/slow/%d.html", i)] = trickleBody
	}
	for i := range 4 {
		rs[fmt.Sprintf("/hdr/%d.html", i)] = trickleHeader
	}
	rs["/files/report.pdf"] = func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			select { // HEAD is never answered
			case <-done:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n"))
	}
	return def("trickle", "缓慢县人民政府", snapshot.StatusSiteTimeout,
		"answers its homepage, then trickles bodies and headers a byte at a time: the site's budget ends it", rs)
}

// dripBytes writes s one byte per tick until the client or the web goes.
func dripBytes(w http.ResponseWriter, r *http.Request, done <-chan struct{}, s string, tick time.Duration) {
	f, _ := w.(http.Flusher)
	for i := 0; i < len(s); i++ {
		if _, err := w.Write([]byte{s[i]}); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-time.After(tick):
		}
	}
}

// handshakeSite's https port accepts connections and never answers the
// TLS handshake; nothing listens on port 80.
func handshakeSite() siteDef {
	d := def("handshake", "握手县人民政府", snapshot.StatusTLSError,
		"https whose handshake is never answered, no http: tls_error", nil)
	d.home, d.tls = "https://"+host("handshake")+"/", tlsHang
	return d
}

// tlsSite is an https site whose certificate is broken in the given way.
func tlsSite(id, name string, mode tlsMode, h http.Handler, why string) siteDef {
	d := def(id, name, snapshot.StatusTLSError, why, h)
	d.home, d.tls = "https://"+host(id)+"/", mode
	d.https = routes{"/": static(page(name, nil))}
	return d
}

func selfSignedSite() siteDef {
	rs := routes{"/": static(page("自签县人民政府", []string{"本站也可通过 http 访问。"},
		link{"政务公开", "/zwgk/"}, link{"通知公告", "/tzgg/"}))}
	rs["/zwgk/"] = static(page("政务公开", nil, link{"首页", "/"}))
	rs["/tzgg/"] = static(page("通知公告", nil, link{"首页", "/"}))
	return tlsSite("selfsigned", "自签县人民政府", tlsSelfSigned, rs,
		"https with a self-signed certificate, the site also at http://: tls_error, crawled over http")
}

func expiredSite() siteDef {
	rs := routes{"/": func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+host("expired")+"/", http.StatusMovedPermanently)
	}}
	return tlsSite("expired", "过期县人民政府", tlsExpired, rs,
		"https with an expired certificate, http redirects to it: tls_error")
}

func wrongNameSite() siteDef {
	return tlsSite("wrongname", "错名县人民政府", tlsWrongName, nil,
		"https with a certificate for another name, no http: tls_error")
}

// loopSite's homepage redirects in a circle.
func loopSite() siteDef {
	rs := routes{
		"/":       redirect(http.StatusFound, "/a.html"),
		"/a.html": redirect(http.StatusFound, "/b.html"),
		"/b.html": redirect(http.StatusFound, "/a.html"),
	}
	return def("loop", "循环县人民政府", snapshot.StatusTooManyRedirs,
		"the homepage redirects in a circle: too_many_redirects", rs)
}

// redirectsSite links to every kind of bad redirect.
func redirectsSite() siteDef {
	rs := routes{"/": static(page("跳转县人民政府", nil,
		link{"长链", "/chain/0"}, link{"循环", "/loop"}, link{"meta 循环", "/meta1.html"},
		link{"Refresh 循环", "/refresh1.html"}, link{"文件", "/to-file"}, link{"FTP", "/to-ftp"},
		link{"坏地址", "/to-malformed"}, link{"无地址", "/no-location"}, link{"脚本", "/to-js"},
		link{"内网", "/to-loopback"}, link{"十进制", "/to-decimal"}, link{"元数据", "/to-metadata"},
		link{"映射", "/to-mapped"}, link{"零", "/to-zero"}))}
	for i := range 40 {
		rs[fmt.Sprintf("/chain/%d", i)] = redirect(http.StatusFound, fmt.Sprintf("/chain/%d", i+1))
	}
	rs["/loop"] = redirect(http.StatusMovedPermanently, "/loop")
	rs["/meta1.html"] = static([]byte(`<html><head><meta http-equiv="refresh" content="0;url=/meta2.html"><title>m1</title></head><body>跳转中</body></html>`))
	rs["/meta2.html"] = static([]byte(`<html><head><meta http-equiv="refresh" content="0;url=/meta1.html"><title>m2</title></head><body>跳转中</body></html>`))
	rs["/refresh1.html"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Refresh", "0; url=/refresh2.html")
		writeHTML(w, []byte("<html><body>r1</body></html>"))
	}
	rs["/refresh2.html"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Refresh", "0; url=/refresh1.html")
		writeHTML(w, []byte("<html><body>r2</body></html>"))
	}
	rs["/to-file"] = redirect(http.StatusFound, "file:///etc/passwd")
	rs["/to-ftp"] = redirect(http.StatusMovedPermanently, "ftp://ftp.redirects.gov.cn/pub/")
	rs["/to-malformed"] = redirect(http.StatusFound, "http://[::1:bad/%zz")
	rs["/no-location"] = redirect(http.StatusFound, "")
	rs["/to-js"] = redirect(http.StatusFound, "javascript:alert(1)")
	rs["/to-loopback"] = redirect(http.StatusFound, "http://127.0.0.1/latest/meta-data/")
	rs["/to-decimal"] = redirect(http.StatusFound, "http://2130706433/")
	rs["/to-metadata"] = redirect(http.StatusFound, "http://169.254.169.254/latest/meta-data/")
	rs["/to-mapped"] = redirect(http.StatusFound, "http://[::ffff:127.0.0.1]/")
	rs["/to-zero"] = redirect(http.StatusFound, "http://0.0.0.0/")
	return def("redirects", "跳转县人民政府", snapshot.StatusOK,
		"links to a 40-hop chain, loops, meta-refresh and Refresh loops, redirects to file:, ftp:, malformed, missing and private locations", rs)
}
