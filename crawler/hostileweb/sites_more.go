package hostileweb

import (
	"net/http"
	"strings"

	"gongkai/crawler/snapshot"
)

// robotsSite is a small site whose robots.txt is answered by rh.
func robotsSite(id, name string, want snapshot.Status, why string, rh http.HandlerFunc) siteDef {
	rs := routes{"/robots.txt": rh,
		"/":               static(page(name, nil, link{"政务公开", "/zwgk/"}, link{"内部", "/private/a.html"}, link{"通知公告", "/tzgg/"})),
		"/zwgk/":          static(page("政务公开", nil, link{"首页", "/"})),
		"/tzgg/":          static(page("通知公告", nil, link{"首页", "/"})),
		"/private/a.html": static(page("内部资料", nil)),
	}
	return def(id, name, want, why, rs)
}

func robotsDelaySite() siteDef {
	return robotsSite("robots-delay", "迟缓县人民政府", snapshot.StatusSiteTimeout,
		"robots.txt asks a Crawl-delay of an hour: capped at 60 s and recorded, the site's budget ends the crawl",
		robots("User-agent: *\nCrawl-delay: 3600\n"))
}

func robotsHugeSite() siteDef {
	body := "User-agent: *\nDisallow: /private/\n" + strings.Repeat("Disallow /\x00\xff garbage without a colon\n", (5<<20)/40)
	return robotsSite("robots-huge", "巨档县人民政府", snapshot.StatusOK,
		"a 5 MiB robots.txt of garbage after its rules: the first 500 KiB are parsed, the cap recorded", robots(body))
}

func robotsErrorSite() siteDef {
	return robotsSite("robots-500", "故障县人民政府", snapshot.StatusRobotsBlocked,
		"robots.txt answers 500: complete disallow (RFC 9309)", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		})
}

// downSite answers 502 to everything, robots.txt included: a site down
// behind its gateway is failing, not closed by robots.txt.
func downSite() siteDef {
	return def("down", "停机县人民政府", snapshot.StatusHTTPError,
		"every path, robots.txt included, answers 502: http_error (the homepage probe says the site is down)",
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		}))
}

func robotsLoopSite() siteDef {
	return robotsSite("robots-loop", "绕圈县人民政府", snapshot.StatusOK,
		"robots.txt redirects to itself: unavailable, so everything is allowed (RFC 9309)",
		redirect(http.StatusFound, "/robots.txt"))
}

// retryAfterSite's pages answer 503 with a Retry-After of an hour.
func retryAfterSite() siteDef {
	busy := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "系统繁忙", http.StatusServiceUnavailable)
	}
	rs := routes{"/": static(page("繁忙县人民政府", nil, link{"办事", "/bs/1.html"}, link{"查询", "/bs/2.html"})),
		"/bs/1.html": busy, "/bs/2.html": busy}
	return def("retryafter", "繁忙县人民政府", snapshot.StatusOK,
		"pages answer 503 with Retry-After: 3600: not waited for, the cap recorded", rs)
}

// lyingSite's pages lie about their framing, type and encoding.
func lyingSite() siteDef {
	rs := routes{"/": static(page("说谎县人民政府", nil,
		link{"非HTTP", "/not-http.html"}, link{"双长度", "/dup-cl.html"}, link{"长度过长", "/cl-long.html"},
		link{"长度过短", "/cl-short.html"}, link{"图片其实是网页", "/ct-image.png"}, link{"网页其实是二进制", "/ct-binary.html"},
		link{"混合编码", "/mixed.html"}, link{"空字符", "/nul.html"}, link{"分块错误", "/chunked.html"}))}
	rs["/not-http.html"] = raw("SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n")
	rs["/dup-cl.html"] = raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello")
	rs["/cl-long.html"] = raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n<html><title>short</title>")
	rs["/cl-short.html"] = raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\nConnection: close\r\n\r\n<html><title>这个标题被截断了</title></html>")
	rs["/chunked.html"] = raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
	rs["/ct-image.png"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(page("其实是网页", nil, link{"首页", "/"}))
	}
	rs["/ct-binary.html"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		b := make([]byte, 64<<10)
		for i := range b {
			b[i] = byte(i*7 + i/256)
		}
		_, _ = w.Write(b)
	}
	rs["/mixed.html"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=gbk")
		_, _ = w.Write([]byte("<html><head><meta charset=\"big5\"><title>\xd5\xfe\xce\xf1公开\xff\xfe</title></head><body>混合\xc0\x80编码</body></html>"))
	}
	rs["/nul.html"] = static([]byte("<html><head><title>空\x00字符</title></head><body>\x00\x00<a href=\"/\x00x\">x</a>" + strings.Repeat("\x00", 4096) + "</body></html>"))
	return def("lying", "说谎县人民政府", snapshot.StatusOK,
		"pages that are not HTTP, have two or wrong Content-Lengths, broken chunks, lying types, mixed encodings and NULs", rs)
}

// browserSite has pages a browser must render (built by script) whose
// scripts eat memory or reach for private addresses.
func browserSite() siteDef {
	shell := func(title, script string) []byte {
		return []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head>
<body><div id="app"></div><noscript>请开启JavaScript</noscript>
<script>` + script + `</script></body></html>`)
	}
	rs := routes{"/": static(page("浏览器县人民政府", nil,
		link{"应用", "/app.html"}, link{"内存", "/bomb.html"}, link{"探测", "/spy.html"}, link{"刷新", "/refresh.html"}))}
	rs["/app.html"] = static(shell("应用", `document.getElementById("app").innerHTML = '<a href="/">首页</a>';`))
	rs["/bomb.html"] = static(shell("内存", `const a = []; for (;;) { a.push(new Array(1 << 20).fill(1.5)); }`))
	rs["/spy.html"] = static(shell("探测", spyScript))
	rs["/refresh.html"] = static([]byte(`<html><head><meta http-equiv="refresh" content="0"><title>刷新</title></head><body><div id="app"></div><script>document.getElementById("app").textContent = location.href;</script></body></html>`))
	return def("browser", "浏览器县人民政府", snapshot.StatusOK,
		"pages built by script that fill memory without end (render_error, the renderer killed) or fetch, beacon, open WebSockets and WebRTC to private addresses", rs)
}

// spyScript reaches for every private address it can from a page.
const spyScript = `
const targets = ["http://127.0.0.1/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
  "http://100.100.100.200/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/", "http://2130706433/",
  "http://0x7f000001/", "http://0177.0.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
  "http://intranet.ssrf.gov.cn/", "http://metadata.ssrf.gov.cn/latest/meta-data/", "https://192.168.0.1/"];
for (const u of targets) {
  fetch(u, {mode: "no-cors"}).catch(() => {});
  try { navigator.sendBeacon(u, "x"); } catch (e) {}
  const img = new Image(); img.src = u + "x.png";
  const x = new XMLHttpRequest(); try { x.open("GET", u); x.send(); } catch (e) {}
}
for (const u of ["ws://127.0.0.1/", "ws://10.0.0.1/", "ws://[::1]/", "wss://169.254.169.254/", "ws://intranet.ssrf.gov.cn/"]) {
  try { new WebSocket(u); } catch (e) {}
}
try {
  const pc = new RTCPeerConnection({iceServers: [{urls: "stun:127.0.0.1:3478"}, {urls: "stun:10.0.0.1:3478"}, {urls: "turn:169.254.169.254:3478", username: "u", credential: "p"}]});
  pc.createDataChannel("x");
  pc.createOffer().then(o => pc.setLocalDescription(o));
} catch (e) {}
const f = document.createElement("iframe"); f.src = "http://172.16.0.1/"; document.body.appendChild(f);
document.getElementById("app").innerHTML = '<a href="/">首页</a>';
`

// ssrfSite links, by every spelling, to private addresses, sets a <base
// href> on one, and has a name that rebinds to loopback.
func ssrfSite() siteDef {
	rs := routes{"/": static(page("内网县人民政府", nil,
		link{"回环", "http://127.0.0.1/"}, link{"十进制", "http://2130706433/"}, link{"十六进制", "http://0x7f.0.0.1/"},
		link{"八进制", "http://0177.0.0.1/"}, link{"短", "http://127.1/"}, link{"映射", "http://[::ffff:127.0.0.1]/"},
		link{"零", "http://0.0.0.0/"}, link{"元数据", "http://169.254.169.254/latest/meta-data/"},
		link{"阿里云元数据", "http://100.100.100.200/latest/meta-data/"}, link{"内网名", "http://intranet.ssrf.gov.cn/"},
		link{"元数据名", "http://metadata.ssrf.gov.cn/latest/meta-data/"}, link{"IPv6 回环", "http://[::1]/"},
		link{"ULA", "http://[fd00::1]/"}, link{"基址", "/base.html"}, link{"重绑定", "http://rebind.ssrf.gov.cn/"},
		link{"跳转内网", "/go-private"}))}
	rs["/base.html"] = static([]byte(`<html><head><base href="http://10.0.0.1/"><title>基址</title></head><body>
<a href="admin/">管理</a><a href="/internal.html">内部</a><img src="logo.png"></body></html>`))
	rs["/go-private"] = redirect(http.StatusFound, "http://intranet.ssrf.gov.cn/")
	for _, p := range []string{"/a.html", "/b.html", "/c.html", "/d.html"} {
		rs[p] = static(page("重绑定页面", nil, link{"首页", "/"}))
	}
	rebindHome := page("重绑定", nil, link{"a", "/a.html"}, link{"b", "/b.html"}, link{"c", "/c.html"}, link{"d", "/d.html"})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Host, "rebind.") && r.URL.Path == "/" {
			writeHTML(w, rebindHome)
			return
		}
		rs.ServeHTTP(w, r)
	})
	d := def("ssrf", "内网县人民政府", snapshot.StatusOK,
		"links, a <base href>, redirects and a rebinding name aimed at loopback, RFC 1918 and metadata addresses in every spelling", h)
	d.hosts = append(d.hosts, "rebind.ssrf.gov.cn")
	d.rebind = map[string][]string{"rebind.ssrf.gov.cn": {"self", "127.0.0.1"}}
	d.extraDNS = map[string][]string{"intranet.ssrf.gov.cn": {"10.0.0.1", "fd00::1"}, "metadata.ssrf.gov.cn": {"169.254.169.254"}}
	return d
}
