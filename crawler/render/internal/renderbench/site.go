package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// site serves the benchmark's loopback web: /js/N.html pages whose
// navigation is built by script (with one more entry arriving by XHR), and
// /static/N.html pages whose navigation is in the HTML but that carry
// scripts as most government pages do. Every N exists; pages link to
// their neighbours.
type site struct{}

// ServeHTTP serves the pages.
func (site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/static/app.js":
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, appJS)
	case r.URL.Path == "/js/nav.js":
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, navJS)
	case r.URL.Path == "/js/menu.json":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"href":"/js/0.html","text":"互动交流"}]`)
	case strings.HasPrefix(r.URL.Path, "/js/"):
		n, ok := pageNumber(r.URL.Path, "/js/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page(n, "", `<div id="nav"></div><script>buildNav(`+strconv.Itoa(n)+`);</script>`,
			`<script src="/js/nav.js"></script>`))
	case strings.HasPrefix(r.URL.Path, "/static/"):
		n, ok := pageNumber(r.URL.Path, "/static/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		var nav strings.Builder
		nav.WriteString(`<ul class="nav">`)
		for i := range 30 {
			fmt.Fprintf(&nav, `<li><a href="/static/%d.html">栏目%d</a></li>`, (n+i+1)%100000, i)
		}
		nav.WriteString(`</ul>`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page(n, nav.String(), "", `<script src="/static/app.js"></script>`))
	default:
		http.NotFound(w, r)
	}
}

// pageNumber parses /prefix/N.html.
func pageNumber(path, prefix string) (int, bool) {
	s := strings.TrimSuffix(strings.TrimPrefix(path, prefix), ".html")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// page returns one document: a header, nav, a body of Chinese text
// (about 6 KB) and a footer.
func page(n int, nav, body, head string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>示范县人民政府 第%d页</title>%s</head><body>`, n, head)
	fmt.Fprintf(&b, `<div class="header"><h1>示范县人民政府门户网站</h1></div>%s%s<div class="main"><h2>通知公告</h2>`, nav, body)
	for i := range 20 {
		fmt.Fprintf(&b, `<p>关于做好2026年第%d批政务公开重点工作的通知（第%d号）。各乡镇人民政府、县政府各部门：现将有关事项通知如下，请结合实际认真贯彻落实。</p>`, i+1, n)
	}
	b.WriteString(`</div><div class="footer">主办单位：示范县人民政府办公室　网站标识码：0000000000　<script>var visits = 1;</script></div></body></html>`)
	return b.String()
}

// navJS builds page N's navigation; one more entry comes by XHR after load.
const navJS = `function buildNav(n) {
  var nav = document.getElementById("nav");
  for (var i = 1; i <= 8; i++) {
    var a = document.createElement("a");
    a.href = "/js/" + (n + i) + ".html"; a.textContent = "栏目" + i; a.className = "built";
    nav.appendChild(a);
  }
  window.addEventListener("load", function () {
    var x = new XMLHttpRequest();
    x.open("GET", "/js/menu.json");
    x.onload = function () {
      JSON.parse(x.responseText).forEach(function (l) {
        var a = document.createElement("a"); a.href = l.href; a.textContent = l.text; a.className = "built";
        nav.appendChild(a);
      });
    };
    x.send();
  });
}`

// appJS is the static pages' script: it touches the DOM without building
// navigation, as the usual carousel or counter does.
const appJS = `document.addEventListener("DOMContentLoaded", function () {
  var f = document.querySelector(".footer"); if (f) { f.setAttribute("data-ready", "1"); }
});`
