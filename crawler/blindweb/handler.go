package blindweb

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// frontDoor dispatches every request of every listener on its Host header,
// then applies what the host does over IPv6 and over plain HTTP.
type frontDoor struct {
	hosts     map[string]*hostHandler
	httpsPort int
}

func (f *frontDoor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := canonicalHost(r.Host)
	h := f.hosts[name]
	if h == nil {
		bareError(w, http.StatusNotFound, "nginx")
		return
	}
	if r.TLS == nil && h.def.TLS {
		http.Redirect(w, r, fmt.Sprintf("https://%s:%d%s", name, f.httpsPort, r.URL.RequestURI()), http.StatusMovedPermanently)
		return
	}
	if h.def.Down != 0 {
		bareError(w, h.def.Down, h.server())
		return
	}
	if isIPv6(r) {
		switch h.def.IPv6 {
		case v6HomeOnly:
			if !isHome(r) {
				bareError(w, http.StatusBadGateway, h.server())
				return
			}
		case v6DefaultVhost, v6None:
			// A host without AAAA is reached over IPv6 only by a client
			// that dials [::1] itself: it meets the default server too.
			if isHome(r) {
				writeBody(w, http.StatusOK, "text/html", "nginx", []byte(nginxWelcome))
				return
			}
			bareError(w, http.StatusNotFound, "nginx")
			return
		}
	}
	h.ServeHTTP(w, r)
}

// isHome reports whether r asks for the homepage.
func isHome(r *http.Request) bool {
	return r.URL.Path == "/" || r.URL.Path == "/index.html" || r.URL.Path == "/index.htm"
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

// canonicalHost lower-cases a Host header and strips its port and any
// trailing dot.
func canonicalHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// hostHandler serves the files of one host.
type hostHandler struct {
	name    string
	def     *hostDef
	files   fs.FS // rooted at site/<host>
	rewrite func([]byte) []byte
}

func (h *hostHandler) server() string {
	if h.def.Server != "" {
		return h.def.Server
	}
	return "nginx"
}

func (h *hostHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if red, ok := h.def.Redirects[r.URL.RequestURI()]; ok {
		status := red.Status
		if status == 0 {
			status = http.StatusFound
		}
		w.Header().Set("Location", string(h.rewrite([]byte(red.To))))
		bareError(w, status, h.server())
		return
	}
	name, dir := h.lookup(r.URL.Path, r.URL.RawQuery)
	switch {
	case dir:
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
	case name == "":
		h.missing(w, r)
	default:
		h.file(w, http.StatusOK, name)
	}
}

// lookup maps a request to a file name: "p@query" first when there is a
// query, then p; a directory serves its index file. dir reports a
// directory asked for without its trailing slash.
func (h *hostHandler) lookup(urlPath, rawQuery string) (name string, dir bool) {
	p := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(p, ".inc") {
		return "", false // server-side includes are not served
	}
	var candidates []string
	if rawQuery != "" && p != "" {
		candidates = append(candidates, p+"@"+rawQuery)
	}
	candidates = append(candidates, p)
	for _, c := range candidates {
		if c == "" {
			c = "."
		}
		st, err := fs.Stat(h.files, c)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			return c, false
		}
		if !strings.HasSuffix(urlPath, "/") && c != "." {
			return "", true
		}
		for _, idx := range h.indexNames() {
			f := path.Join(c, idx)
			if st, err := fs.Stat(h.files, f); err == nil && !st.IsDir() {
				return f, false
			}
		}
	}
	return "", false
}

func (h *hostHandler) indexNames() []string {
	if len(h.def.Index) > 0 {
		return h.def.Index
	}
	return []string{"index.html"}
}

// missing answers a path that has no file, as the host's rules say.
func (h *hostHandler) missing(w http.ResponseWriter, r *http.Request) {
	for _, rule := range h.def.Missing {
		if !strings.HasPrefix(r.URL.Path, rule.Prefix) {
			continue
		}
		switch {
		case rule.Redirect != "":
			w.Header().Set("Location", strings.ReplaceAll(rule.Redirect, "{path}", r.URL.Path))
			bareError(w, http.StatusFound, h.server())
		case rule.File != "":
			status := rule.Status
			if status == 0 {
				status = http.StatusOK
			}
			h.file(w, status, rule.File)
		default:
			bareError(w, rule.Status, h.server())
		}
		return
	}
	bareError(w, http.StatusNotFound, h.server())
}

// file writes one file: includes expanded, links to the web's hosts given
// their ports, text transcoded to the host's charset.
func (h *hostHandler) file(w http.ResponseWriter, status int, name string) {
	body, ctype, err := h.render(name)
	if err != nil {
		bareError(w, http.StatusInternalServerError, h.server())
		return
	}
	writeBody(w, status, ctype, h.server(), body)
}

// render returns the bytes and Content-Type of one file as served.
func (h *hostHandler) render(name string) ([]byte, string, error) {
	body, err := fs.ReadFile(h.files, name)
	if err != nil {
		return nil, "", err
	}
	ctype := h.contentType(name)
	if !isText(ctype) {
		return body, ctype, nil
	}
	if body, err = h.includes(body, 0); err != nil {
		return nil, "", err
	}
	body = h.rewrite(body)
	if h.def.Charset == "gb2312" {
		s, err := simplifiedchinese.GBK.NewEncoder().String(string(body))
		if err != nil {
			return nil, "", fmt.Errorf("render %s/%s: gb2312: %w", h.name, name, err)
		}
		body = []byte(s)
	}
	return body, ctype, nil
}

var includeDirective = regexp.MustCompile(`<!--#include virtual="([^"]+)" -->`)

// includes expands server-side include directives, as nginx ssi does.
func (h *hostHandler) includes(body []byte, depth int) ([]byte, error) {
	if depth > 3 {
		return nil, fmt.Errorf("host %s: includes nested too deep", h.name)
	}
	var err error
	out := includeDirective.ReplaceAllFunc(body, func(m []byte) []byte {
		target := strings.TrimPrefix(string(includeDirective.FindSubmatch(m)[1]), "/")
		inc, e := fs.ReadFile(h.files, target)
		if e == nil {
			inc, e = h.includes(inc, depth+1)
		}
		if e != nil && err == nil {
			err = fmt.Errorf("host %s: include %s: %w", h.name, target, e)
		}
		return inc
	})
	return out, err
}

var extTypes = map[string]string{
	".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".aspx": "text/html",
	".php": "text/html", ".jhtml": "text/html", ".jsp": "text/html", ".do": "text/html", ".action": "text/html",
	".js": "application/javascript", ".json": "application/json", ".css": "text/css",
	".txt": "text/plain", ".xml": "text/xml",
	".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif",
	".pdf": "application/pdf", ".doc": "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
}

// contentType is the type of a file: a host's prefix rule, else its
// extension (before any "@query"), else HTML; text types carry the charset.
func (h *hostHandler) contentType(name string) string {
	t := ""
	for prefix, typ := range h.def.Types {
		if strings.HasPrefix("/"+name, prefix) {
			t = typ
		}
	}
	if t == "" {
		base, _, _ := strings.Cut(name, "@")
		t = extTypes[strings.ToLower(path.Ext(base))]
	}
	if t == "" {
		t = "text/html"
	}
	if isText(t) && !h.def.NoCharsetHeader {
		cs := h.def.Charset
		if cs == "" {
			cs = "utf-8"
		}
		t += "; charset=" + cs
	}
	return t
}

func isText(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/javascript") ||
		strings.HasPrefix(ctype, "application/json")
}

// hostRewriter returns the function that adds ports to absolute links to
// the web's hosts: http://H/ becomes http://H:P/, https://H/ https://H:Q/.
func hostRewriter(hosts []string, httpPort, httpsPort int) func([]byte) []byte {
	sorted := slices.Clone(hosts)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	quoted := make([]string, len(sorted))
	for i, h := range sorted {
		quoted[i] = regexp.QuoteMeta(h)
	}
	re := regexp.MustCompile(`(https?)://(` + strings.Join(quoted, "|") + `)([^A-Za-z0-9.:\-]|$)`)
	return func(b []byte) []byte {
		return re.ReplaceAllFunc(b, func(m []byte) []byte {
			sub := re.FindSubmatch(m)
			port := httpPort
			if string(sub[1]) == "https" {
				port = httpsPort
			}
			return []byte(string(sub[1]) + "://" + string(sub[2]) + ":" + strconv.Itoa(port) + string(sub[3]))
		})
	}
}

// bareError writes the server's own error page for status.
func bareError(w http.ResponseWriter, status int, server string) {
	text := http.StatusText(status)
	body := fmt.Sprintf("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>%s</center>\r\n</body>\r\n</html>\r\n",
		status, text, status, text, server)
	writeBody(w, status, "text/html", server, []byte(body))
}

func writeBody(w http.ResponseWriter, status int, ctype, server string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Server", server)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// nginxWelcome is what a bare nginx default server answers for /.
var nginxWelcome = strings.TrimSpace(`
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`) + "\n"
