package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// web is a generated loopback web: n sites of p pages, each on its own
// 127.0.0.1 port, every response delayed by latency (a real agency site
// answers in 100–500 ms).
type web struct {
	sitesFile string
	servers   []*http.Server
}

// serveWeb serves n sites of p pages and writes their sites file in dir.
func serveWeb(dir string, n, p int, latency time.Duration) (*web, error) {
	w := &web{sitesFile: filepath.Join(dir, "sites.csv")}
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	for i := range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			w.close()
			return nil, fmt.Errorf("serve site %d: %w", i, err)
		}
		srv := &http.Server{Handler: site(i, p, latency)}
		w.servers = append(w.servers, srv)
		go srv.Serve(ln)
		fmt.Fprintf(&b, "s%03d,第%d县人民政府,http://%s/,county,portal\n", i, i, ln.Addr())
	}
	if err := os.WriteFile(w.sitesFile, []byte(b.String()), 0o644); err != nil {
		w.close()
		return nil, fmt.Errorf("write sites file: %w", err)
	}
	return w, nil
}

// close stops every site.
func (w *web) close() {
	for _, s := range w.servers {
		s.Close()
	}
}

// site is a homepage linking p article pages of about 8 KB, each response
// after latency.
func site(i, p int, latency time.Duration) http.Handler {
	body := strings.Repeat("<p>根据《中华人民共和国政府信息公开条例》，本机关主动公开政府信息。</p>\n", 80)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if latency > 0 {
			time.Sleep(latency)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprintf(w, "<!doctype html><html><head><title>第%d县人民政府</title></head><body><ul>", i)
			for j := range p {
				fmt.Fprintf(w, `<li><a href="/zwgk/%d.html">通知公告 %d</a> <span>2026-11-%02d</span></li>`, j, j, 1+j%19)
			}
			fmt.Fprint(w, "</ul></body></html>")
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/zwgk/") {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<!doctype html><html><head><title>通知 %s</title></head><body><a href="/">首页</a>%s</body></html>`, r.URL.Path, body)
	})
}
