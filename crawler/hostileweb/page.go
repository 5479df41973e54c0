package hostileweb

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// link is one anchor of a generated page.
type link struct{ text, href string }

// page renders a small agency-style page: a title, paragraphs (raw HTML)
// and a list of links.
func page(title string, paras []string, links ...link) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body>\n<h1>%s</h1>\n",
		html.EscapeString(title), html.EscapeString(title))
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString("<ul>\n")
	for _, l := range links {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(l.href), html.EscapeString(l.text))
	}
	b.WriteString("</ul>\n<div class=\"footer\">主办：某某县人民政府办公室 网站标识码：1300000099</div>\n</body></html>\n")
	return []byte(b.String())
}

// writeHTML answers with an HTML page.
func writeHTML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(body)
}

// routes is a handler answering exact paths, 404 otherwise.
type routes map[string]http.HandlerFunc

func (rs routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := rs[r.URL.Path]; ok {
		h(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<html><head><title>404</title></head><body>页面不存在</body></html>"))
}

// static answers with a fixed page.
func static(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { writeHTML(w, body) }
}

// robots answers a robots.txt.
func robots(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(body))
	}
}

// raw hijacks the connection and writes reply as is, then closes it: for
// answers net/http would refuse to send.
func raw(reply string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "no hijack", http.StatusInternalServerError)
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString(reply)
		_ = buf.Flush()
	}
}

// redirect answers a redirect with a verbatim Location (or none).
func redirect(code int, location string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if location != "" {
			w.Header()["Location"] = []string{location}
		}
		w.WriteHeader(code)
	}
}
