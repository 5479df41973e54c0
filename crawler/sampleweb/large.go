package sampleweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// NewLargeSite returns a handler serving a generated site of n pages, each
// about pageBytes of realistic Chinese gov markup with 20-40 internal links
// (deterministic), for the crawler benchmarks. Page 0 is "/", page i is
// "/p/i.html"; every link points to one of the n pages and page i always
// links page i+1, so a crawl from "/" can reach them all. Pages are made on
// request, so n can be large.
func NewLargeSite(n, pageBytes int) http.Handler {
	if n < 1 {
		n = 1
	}
	return &largeSite{n: n, size: pageBytes}
}

type largeSite struct{ n, size int }

// largeParagraphs fill pages up to their size.
var largeParagraphs = []string{
	"为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，激发市场主体活力，结合本地实际，制定本方案。",
	"各乡镇、各部门要切实提高思想认识，加强组织领导，明确责任分工，确保各项工作任务落到实处、取得实效。",
	"会议强调，要坚持稳中求进工作总基调，统筹发展和安全，扎实推进高质量发展，全力以赴完成全年目标任务。",
	"据统计，今年以来全县累计办理各类政务服务事项二十六万余件，按时办结率达百分之百，群众满意率持续提升。",
	"下一步，将持续深化“放管服”改革，推动更多政务服务事项“一网通办”“跨省通办”，让企业和群众办事更便捷。",
}

var largeTitles = []string{"召开常务会议研究部署重点工作", "开展安全生产大检查", "推进乡村振兴重点项目建设", "召开优化营商环境推进会",
	"部署冬季森林防火工作", "开展政务服务满意度调查", "举办专场招聘会", "推进老旧小区改造"}

func largePath(i int) string {
	if i == 0 {
		return "/"
	}
	return "/p/" + strconv.Itoa(i) + ".html"
}

// links returns the distinct targets of page i.
func (l *largeSite) links(i int) []int {
	r := rng(uint64(i)*2654435761 + 12345)
	want := 20 + r.n(21)
	if want > l.n-1 {
		want = l.n - 1
	}
	seen := map[int]bool{i: true}
	var out []int
	for j := 0; len(out) < want; j++ {
		t := (i + 1) % l.n
		if j > 0 {
			t = r.n(l.n)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func (l *largeSite) page(i int) []byte {
	var b strings.Builder
	b.Grow(l.size + 4096)
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	title := fmt.Sprintf("样本县%s（第%d页）", largeTitles[i%len(largeTitles)], i)
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"+
		"<meta name=\"SiteName\" content=\"样本县人民政府\">\n<meta name=\"SiteDomain\" content=\"www.yangben.gov.cn\">\n"+
		"<meta name=\"SiteIDCode\" content=\"1399000001\">\n<meta name=\"ArticleTitle\" content=\"%s\">\n<title>%s</title>\n</head>\n<body>\n"+
		"<div class=\"header\"><h1>样本县人民政府</h1></div>\n<div class=\"main\">\n<h2>%s</h2>\n<ul class=\"list\">\n", title, title, title)
	for k, t := range l.links(i) {
		d := base.AddDate(0, 0, -((i + k*3) % 365))
		fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\">样本县%s</a><span class=\"date\">%s</span></li>\n",
			largePath(t), largeTitles[(t+k)%len(largeTitles)], d.Format("2006-01-02"))
	}
	b.WriteString("</ul>\n<div class=\"content\">\n")
	const footer = "</div>\n</div>\n<div class=\"footer\"><p>主办单位：样本县人民政府办公室</p><p>网站标识码：1399000001 冀ICP备05000001号-1 冀公网安备 13000002000001号</p></div>\n</body>\n</html>\n"
	for p := 0; b.Len()+len(footer) < l.size; p++ {
		b.WriteString("<p>")
		b.WriteString(largeParagraphs[(i+p)%len(largeParagraphs)])
		b.WriteString("</p>\n")
	}
	b.WriteString(footer)
	return []byte(b.String())
}

func (l *largeSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := -1
	switch p := r.URL.Path; {
	case p == "/":
		i = 0
	case strings.HasPrefix(p, "/p/") && strings.HasSuffix(p, ".html"):
		if v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/p/"), ".html")); err == nil && v > 0 && v < l.n {
			i = v
		}
	}
	if i < 0 {
		errorPage(w, http.StatusNotFound)
		return
	}
	body := l.page(i)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
