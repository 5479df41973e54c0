package sampleweb

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// requestLog counts requests by "host/path?query".
type requestLog struct {
	mu     sync.Mutex
	counts map[string]int
}

func requestKey(host string, r *http.Request) string { return host + r.URL.RequestURI() }

// record counts r and returns how many times its key was served, this one included.
func (l *requestLog) record(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[key]++
	return l.counts[key]
}

func (l *requestLog) snapshot() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.counts))
	for k, v := range l.counts {
		out[k] = v
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts = map[string]int{}
}

type countKey struct{}

// frontDoor is the handler of every HTTP and HTTPS listener: it counts the
// request, then dispatches on the Host header.
type frontDoor struct {
	hosts     hostTable
	log       *requestLog
	logger    *slog.Logger
	httpsPort int
}

func (f *frontDoor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := canonicalHost(r.Host)
	n := f.log.record(requestKey(host, r))
	v6 := isIPv6(r)
	f.logger.Debug("request", "url", host+r.URL.RequestURI(), "method", r.Method, "ipv6", v6, "tls", r.TLS != nil)
	e := f.hosts[host]
	if e == nil || e.handler == nil {
		errorPage(w, http.StatusNotFound)
		return
	}
	if v6 && e.v6Reset {
		resetConnection(w)
		return
	}
	switch {
	case r.TLS == nil && e.tls:
		http.Redirect(w, r, fmt.Sprintf("https://%s:%d%s", host, f.httpsPort, r.URL.RequestURI()), http.StatusMovedPermanently)
		return
	case r.TLS != nil && !e.tls:
		errorPage(w, http.StatusMisdirectedRequest)
		return
	}
	e.handler.ServeHTTP(w, r.WithContext(contextWithCount(r, n)))
}

// isIPv6 tells whether r arrived on an IPv6 listener.
func isIPv6(r *http.Request) bool {
	a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.To4() == nil
}

// resetConnection answers nothing: it closes the connection with a TCP RST.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		errorPage(w, http.StatusServiceUnavailable)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	conn.Close()
}

// errorBodies imitate the servers in front of Chinese agency sites.
var errorBodies = map[int]string{
	404: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
	421: "<html><head><title>421 Misdirected Request</title></head><body><center><h1>421 Misdirected Request</h1></center><hr><center>nginx</center></body></html>\r\n",
	429: "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center><p>访问过于频繁，请稍后再试。</p><hr><center>nginx</center></body></html>\r\n",
	500: "<!doctype html><html lang=\"en\"><head><title>HTTP Status 500 – Internal Server Error</title></head><body><h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p><p><b>Message</b> Request processing failed; nested exception is java.lang.NullPointerException</p><hr class=\"line\" /><h3>Apache Tomcat/8.5.40</h3></body></html>",
	503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
}

func errorPage(w http.ResponseWriter, status int) {
	body, ok := errorBodies[status]
	if !ok {
		body = strconv.Itoa(status) + " " + http.StatusText(status) + "\n"
	}
	w.Header().Set("Content-Type", "text/html")
	if status >= 500 || status == 404 || status == 421 || status == 429 {
		w.Header().Set("Server", "nginx")
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writePage writes p; a page that fails to render answers 500 and the
// error is returned.
func writePage(w http.ResponseWriter, p *page, server string) error {
	body, err := p.content()
	if err != nil {
		errorPage(w, http.StatusInternalServerError)
		return err
	}
	h := w.Header()
	h.Set("Content-Type", p.ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if server != "" {
		h.Set("Server", server)
	}
	w.WriteHeader(p.status)
	_, _ = w.Write(body)
	return nil
}
