package sampleweb

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// contextWithCount stores how many times the request's URL has been served
// (this request included) since the last ResetRequests.
func contextWithCount(r *http.Request, n int) context.Context {
	return context.WithValue(r.Context(), countKey{}, n)
}

func servedCount(r *http.Request) int {
	n, _ := r.Context().Value(countKey{}).(int)
	return n
}

// serverHeaders are the Server headers the CMS styles answer with.
var serverHeaders = map[string]string{"trs": "nginx", "hanweb": "Apache-Coyote/1.1", "kaipuyun": "UCAP", "table2016": "Microsoft-IIS/7.5"}

// siteHandler serves one host of a site: robots.txt, the planted
// responses, the traps, the prepared pages, then the site's 404 (real or
// soft).
type siteHandler struct {
	s         *site
	pages     map[string]*page
	soft      *page
	responses map[string]responseDef
	traps     *trapHandler
	main      bool // the homepage host (robots.txt and planted responses live there)
	logger    *slog.Logger
}

func newSiteHandler(s *site, ps pageSet, host string, traps *trapHandler, logger *slog.Logger) *siteHandler {
	h := &siteHandler{s: s, pages: ps[host], soft: ps[s.def.Host][soft404Key], responses: map[string]responseDef{},
		main: host == s.def.Host, logger: logger}
	if h.main {
		for _, r := range s.def.Responses {
			h.responses[r.Path] = r
		}
		h.traps = traps
	}
	return h
}

func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	server := serverHeaders[h.s.def.Style]
	path := r.URL.Path
	if path == "/robots.txt" && h.s.def.Robots != nil {
		writePage(w, &page{status: 200, ctype: "text/plain", body: []byte(*h.s.def.Robots)}, server)
		return
	}
	if rd, ok := h.responses[path]; ok {
		if rd.Status != 0 {
			errorPage(w, rd.Status)
			return
		}
		if rd.FirstStatus != 0 && servedCount(r) == 1 {
			if rd.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(rd.RetryAfter))
			}
			errorPage(w, rd.FirstStatus)
			return
		}
	}
	if h.traps != nil && h.traps.serve(w, r) {
		return
	}
	if p := h.lookup(path); p != nil {
		if err := writePage(w, p, server); err != nil {
			h.logger.Error("render page", "site", h.s.def.ID, "url", r.Host+path, "err", err)
		}
		return
	}
	if p := h.pages[path+"/"]; p != nil && path != "" {
		http.Redirect(w, r, path+"/", http.StatusMovedPermanently)
		return
	}
	if h.soft != nil {
		writePage(w, h.soft, server) // soft 404: 200 and a "not found" page
		return
	}
	errorPage(w, http.StatusNotFound)
}

// lookup finds the page for path, accepting the index-file aliases the
// CMSs answer to (/xwzx/tzgg/index.html for /xwzx/tzgg/).
func (h *siteHandler) lookup(path string) *page {
	if strings.HasPrefix(path, "\x00") {
		return nil
	}
	if p := h.pages[path]; p != nil {
		return p
	}
	for _, idx := range []string{"index.html", "index.shtml", "index.htm"} {
		if strings.HasSuffix(path, "/"+idx) {
			if p := h.pages[strings.TrimSuffix(path, idx)]; p != nil {
				return p
			}
		}
	}
	return nil
}

// wafHandler answers every request with a 403 JavaScript challenge, as the
// cloud WAFs in front of many agency sites do: the target is blocked, not dead.
type wafHandler struct{}

const wafBody = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>安全验证</title></head>
<body>
<div style="text-align:center;margin-top:120px">
<h2>安全验证</h2>
<p>您的访问请求需要进行安全验证，请稍候……</p>
<p>如果页面长时间未跳转，请开启浏览器JavaScript后刷新页面。</p>
</div>
<script type="text/javascript">
(function () {
  var t = Date.now().toString(36), s = 0;
  for (var i = 0; i < 200000; i++) { s = (s * 31 + i) % 1000003; }
  document.cookie = 'yd_srvbl=' + t + '-' + s + '; path=/';
  setTimeout(function () { location.reload(); }, 1500);
})();
</script>
</body></html>
`

func (wafHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "yundun")
	h.Set("X-Waf", "yundun; action=challenge")
	h.Set("Set-Cookie", "yd_cookie=8b2c0e1d-5a3f-4c7b-9e6a-1f2d3c4b5a69; Path=/; HttpOnly")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(wafBody))
}
