package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// corpusDir holds the real government pages and their labels, copied
// byte-identical from the shared corpus once, beside the extractor that
// reads them; the checks judge the facts that extractor makes of them.
var corpusDir = filepath.Join("..", "crawler", "htmlfacts", "testdata", "corpus")

// corpusLabels mirrors labels.json (copied byte-identical from the shared
// corpus): every labelled field is checked by TestCorpusAccuracy.
type corpusLabels struct {
	Pages []corpusPageLabels `json:"pages"`
}

type corpusPageLabels struct {
	File  string `json:"file"`
	Type  string `json:"type"`
	Title string `json:"title"`
	Doc   *struct {
		IndexNumber       *string `json:"index_number"`
		DocNumber         *string `json:"doc_number"`
		Issuer            *string `json:"issuer"`
		WrittenDate       *string `json:"written_date"`
		PublishedDate     *string `json:"published_date"`
		Validity          *string `json:"validity"`
		Topic             *string `json:"topic"`
		HasMetadataHeader bool    `json:"has_metadata_header"`
	} `json:"doc"`
	PlatformParts []string `json:"platform_parts"`
	ListItems     *[]struct {
		Title string  `json:"title"`
		Date  *string `json:"date"`
	} `json:"list_items"`
	GuideElements map[string]*string `json:"guide_elements"`
	VaguePhrases  *[]string          `json:"vague_phrases"`
	UpdatedDate   *string            `json:"updated_date"`
	Report        *corpusReport      `json:"report"`
	Identifiers   struct {
		SiteIDCode *string `json:"site_id_code"`
		ICP        *string `json:"icp"`
		Police     *string `json:"police"`
	} `json:"identifiers"`
}

type corpusReport struct {
	Year              int     `json:"year"`
	Issuer            *string `json:"issuer"`
	PublishedDate     *string `json:"published_date"`
	HasStandardTables bool    `json:"has_standard_tables"`
	FirstTable        struct {
		Caption string   `json:"caption"`
		Columns []string `json:"columns"`
		// Totals maps a row label to its figures: by column name (2019+
		// templates) or as a list in the order of Columns (older reports).
		Totals map[string]json.RawMessage `json:"totals"`
	} `json:"first_table"`
	Applications            map[string]string            `json:"applications"`
	ReviewLitigationAllZero *bool                        `json:"review_litigation_all_zero"`
	ReviewLitigation        map[string]map[string]string `json:"review_litigation"`
}

// corpusURLs are the pages' addresses: from the labels' notes or the
// page's own Url meta tag where they give one, else reconstructed from the
// site's URL pattern (marked r). Only the path matters: "/" is a homepage
// (depth 0).
var corpusURLs = map[string]string{
	"hd_details.html":          "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
	"hd_list.html":             "http://hdzfxxgk.hd.gov.cn/zfwj/jqxxgk/", // r
	"hd_index.html":            "http://hdzfxxgk.hd.gov.cn/",
	"hd_gkzn.html":             "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/",
	"wanzai_2022.html":         "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml",
	"wanzai_2015.html":         "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml",
	"shanxi_news.html":         "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", // r
	"zjfgw_news.html":          "http://fgw.zj.gov.cn/art/2016/11/22/art_1229123366_1.html",      // r
	"jl_tonggao.html":          "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8382337.html",   // r
	"cfda_recall_list.html":    "http://samr.cfda.gov.cn/WS01/CL1129/index.html",
	"gansu_jyt_list.html":      "http://jyt.gansu.gov.cn/jyt/c107817/xxgk_list.shtml",          // r
	"gansu_fzgg_notice.html":   "http://fzgg.gansu.gov.cn/fzgg/c106115/202502/174064528.shtml", // r
	"flk_home.html":            "https://flk.npc.gov.cn/",
	"cmse_news.html":           "http://www.cmse.gov.cn/xwzx/201206/t20120624_49166.html",             // r
	"ccgp_notice.html":         "http://www.ccgp.gov.cn/cggg/dfgg/cjgg/202106/t20210610_16419786.htm", // r
	"ccgp_hebei_notice.html":   "http://www.ccgp-hebei.gov.cn/cd/cd_wc/cggg/zhbggAAAA/202110/t20211011_1485252.html",
	"pingtan_gkzn.html":        "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzn/202311/t20231104_51587.htm",
	"pingtan_guide_qzcs.html":  "https://www.pingtan.gov.cn/zwgk/zfxxgk/fdzdgknr/hzcfhzqz/bszn/202211/t20221103_38109.htm",
	"pingtan_guide_xzfy.html":  "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/qtyzdgkdzf/202503/t20250326_98058.htm",
	"pingtan_report_2013.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201403/t20140324_80759.htm",
	"pingtan_report_2019.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm",
	"pingtan_report_2022.html": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm",
}

// corpusGuideElements maps the labels' guide element keys to the catalog's
// element names.
var corpusGuideElements = map[string]string{
	"name": "事项名称", "basis": "设定依据", "conditions": "申请条件", "materials": "办理材料",
	"location": "办理地点", "agency": "办理机构", "fees": "收费标准", "hours_or_time_limit": "办理时间",
	"phone": "联系电话", "process": "办理流程",
}

// corpusKnownMisses are the labelled fields the understanding still gets
// wrong, keyed "file field", with the reason. A miss not listed here fails
// the test, and so does a listed miss that no longer happens.
var corpusKnownMisses = map[string]string{}

// decodeCorpus returns the page as UTF-8: bytes that are valid UTF-8 are
// taken as such (cfda_recall_list was saved as UTF-8 under a gb2312 meta),
// others are decoded by the encoding the page declares.
func decodeCorpus(t *testing.T, raw []byte) []byte {
	t.Helper()
	if utf8.Valid(raw) {
		return raw
	}
	enc, name, _ := charset.DetermineEncoding(raw, "text/html")
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return out
}

// corpusPage builds a snapshot page from a corpus file through the crawler's
// extractor.
func corpusPage(t *testing.T, file string) *snapshot.Page {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, file))
	if err != nil {
		t.Fatal(err)
	}
	pageURL := corpusURLs[file]
	facts, err := htmlfacts.Extract(pageURL, decodeCorpus(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	p := &snapshot.Page{URL: pageURL, FinalURL: pageURL, Status: snapshot.StatusOK, HTTPStatus: 200, Depth: 2}
	if u, _ := url.Parse(pageURL); u.Path == "/" {
		p.Depth = 0
	}
	facts.Apply(p)
	return p
}

func loadCorpusLabels(t *testing.T) corpusLabels {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels corpusLabels
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels.Pages) == 0 {
		t.Fatal("labels.json lists no pages")
	}
	return labels
}

// tally counts correct samples per field.
type tally map[string][2]int

func (t tally) add(field string, ok bool) {
	v := t[field]
	v[1]++
	if ok {
		v[0]++
	}
	t[field] = v
}

// total returns the correct and all samples over every field.
func (t tally) total() (int, int) {
	var ok, all int
	for _, v := range t {
		ok, all = ok+v[0], all+v[1]
	}
	return ok, all
}

func (t tally) table() string {
	fields := make([]string, 0, len(t))
	for f := range t {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-34s %9s %9s\n", "field", "correct", "accuracy")
	for _, f := range fields {
		v := t[f]
		fmt.Fprintf(&b, "%-34s %4d/%-4d %8.1f%%\n", f, v[0], v[1], 100*float64(v[0])/float64(v[1]))
	}
	ok, all := t.total()
	fmt.Fprintf(&b, "%-34s %4d/%-4d %8.1f%%\n", "ALL FIELDS", ok, all, 100*float64(ok)/float64(all))
	return b.String()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// corpusFloor is the share of labelled real-page fields that must be right.
const corpusFloor = 0.97

// TestCorpusAccuracy measures page understanding on real government pages
// (corpusDir, hand-labelled): every labelled field of every page is
// compared, the per-field table is printed (go test ./checks -run Corpus
// -v), and the test fails on a miss not listed in corpusKnownMisses, on a
// listed miss that is fixed, or below corpusFloor over all fields.
func TestCorpusAccuracy(t *testing.T) {
	labels := loadCorpusLabels(t)
	c := Default()
	when := time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC) // the labels' date
	acc := tally{}
	missed := map[string]bool{}
	for _, lp := range labels.Pages {
		if _, ok := corpusURLs[lp.File]; !ok {
			t.Errorf("%s: no URL", lp.File)
			continue
		}
		p := corpusPage(t, lp.File)
		check := func(field, got, want string) {
			ok := got == want
			acc.add(field, ok)
			if ok {
				return
			}
			key := lp.File + " " + field
			missed[key] = true
			if why, known := corpusKnownMisses[key]; known {
				t.Logf("known miss %-44s got %q want %q (%s)", key, got, want, why)
				return
			}
			t.Errorf("%-24s %-28s got %q want %q", lp.File, field, got, want)
		}
		checkCorpusPage(c, p, lp, when, check)
	}
	for key, why := range corpusKnownMisses {
		if !missed[key] {
			t.Errorf("known miss %q (%s) is right now: remove it from corpusKnownMisses", key, why)
		}
	}
	t.Log(acc.table())
	if ok, all := acc.total(); float64(ok) < corpusFloor*float64(all) {
		t.Errorf("%d of %d real-page fields right (%.1f%%), below the %.0f%% floor", ok, all, 100*float64(ok)/float64(all), 100*corpusFloor)
	}
}

// checkCorpusPage compares every labelled field of one page.
func checkCorpusPage(c *Catalog, p *snapshot.Page, lp corpusPageLabels, when time.Time, check func(field, got, want string)) {
	typ, _ := c.Classify(p)
	check("page_type", typ, wantType(lp.Type, lp.Doc != nil && lp.Doc.HasMetadataHeader, p.Depth))
	// A page's own title (a document's, a guide's) is its heading; a home or
	// list page is labelled with its <title>.
	if lp.Type == "home" || lp.Type == "list" {
		check("title", noSpace(p.Title), noSpace(lp.Title))
	} else {
		check("title", noSpace(pageTitle(p)), noSpace(lp.Title))
	}
	// Identifiers compare without white space: ccgp_notice's labels show
	// the spacing CSS puts around <span>s ("京 ICP 备 19054529 号 -1")
	// that is not in the HTML text.
	id := c.identifiers(p)
	check("id.site_id_code", id.SiteIDCode, str(lp.Identifiers.SiteIDCode))
	check("id.icp", noSpace(id.ICP), noSpace(str(lp.Identifiers.ICP)))
	check("id.police", noSpace(id.Police), noSpace(str(lp.Identifiers.Police)))
	if d := lp.Doc; d != nil {
		got := c.Metadata(p, when)
		check("doc.index_number", got.IndexNumber, str(d.IndexNumber))
		check("doc.doc_number", got.DocNumber, str(d.DocNumber))
		check("doc.issuer", got.Issuer, str(d.Issuer))
		check("doc.written_date", dateText(got.WrittenDate), str(d.WrittenDate))
		check("doc.published_date", dateText(got.PublishedDate), str(d.PublishedDate))
		check("doc.validity", got.Validity, str(d.Validity))
		check("doc.topic", got.Topic, str(d.Topic))
		check("doc.has_metadata_header", fmt.Sprint(got.HasHeader), fmt.Sprint(d.HasMetadataHeader))
	}
	if lp.Type == "home" || lp.Type == "gkzn" {
		var parts []string
		for _, s := range c.PlatformParts(p) {
			parts = append(parts, strings.TrimPrefix(s, "platform_"))
		}
		want := slices.Clone(lp.PlatformParts)
		sort.Strings(want)
		sort.Strings(parts)
		check("platform_parts", strings.Join(parts, ","), strings.Join(want, ","))
	}
	if lp.ListItems != nil {
		items := c.ListItems(p, when)
		if len(*lp.ListItems) == 0 {
			check("list_items", fmt.Sprint(len(items)), "0")
		}
		for i, w := range *lp.ListItems {
			got := "(missing)"
			if i < len(items) {
				got = items[i].Title + " " + dateText(items[i].Date)
			}
			check("list_items", got, w.Title+" "+str(w.Date))
		}
	}
	if lp.GuideElements != nil {
		checkCorpusGuide(c, p, lp, when, check)
	}
	if lp.Report != nil {
		checkCorpusReport(c, p, lp.Report, when, check)
	}
}

// labelCut is the length from which a labelled guide value may be cut.
const labelCut = 60

// checkCorpusGuide compares a guide's element values (displayed text,
// whitespace collapsed, the first 80 characters), its vague phrases and its
// visible update date.
func checkCorpusGuide(c *Catalog, p *snapshot.Page, lp corpusPageLabels, when time.Time, check func(field, got, want string)) {
	vals := c.GuideValues(p)
	keys := make([]string, 0, len(lp.GuideElements))
	for k := range lp.GuideElements {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want, got := noSpace(str(lp.GuideElements[k])), noSpace(vals[corpusGuideElements[k]])
		// The labels cut long values near 80 characters (qzcs's conditions
		// at the end of item （二）, 75 characters): a long label is the
		// value's beginning.
		if utf8.RuneCountInString(str(lp.GuideElements[k])) >= labelCut && strings.HasPrefix(got, want) {
			got = want
		}
		check("guide."+k, got, want)
	}
	// The labels take vague phrases from the 申请材料 value only.
	if lp.VaguePhrases != nil {
		got := c.vagueIn(vals[corpusGuideElements["materials"]])
		check("guide.vague_phrases", phrasesMatch(got, *lp.VaguePhrases), strings.Join(*lp.VaguePhrases, "|"))
	}
	shown, _ := c.guideUpdatedShown(p, when)
	check("guide.updated_date", dateText(shown), str(lp.UpdatedDate))
}

// phrasesMatch returns want joined when got and want pair up (each found
// phrase overlaps a labelled one and the other way round: the labels give
// the phrase as a reader would cut it), else got joined.
func phrasesMatch(got, want []string) string {
	overlaps := func(a, b string) bool { return strings.Contains(a, b) || strings.Contains(b, a) }
	covered := func(xs []string, y string) bool {
		return slices.ContainsFunc(xs, func(x string) bool { return overlaps(x, y) })
	}
	ok := len(got) >= len(want)
	for _, w := range want {
		ok = ok && covered(got, w)
	}
	for _, g := range got {
		ok = ok && covered(want, g)
	}
	if ok {
		return strings.Join(want, "|")
	}
	return strings.Join(got, "|")
}

// checkCorpusReport compares an annual report's year, issuer, date, its
// standard tables, the first table's caption and figures, table 3's totals
// and table 4's figures.
func checkCorpusReport(c *Catalog, p *snapshot.Page, want *corpusReport, when time.Time, check func(field, got, want string)) {
	got := c.ReportInfo(p, when)
	check("report.year", fmt.Sprint(got.Year), fmt.Sprint(want.Year))
	check("report.issuer", got.Issuer, str(want.Issuer))
	check("report.published_date", dateText(got.PublishedDate), str(want.PublishedDate))
	check("report.has_standard_tables", fmt.Sprint(got.StandardTables), fmt.Sprint(want.HasStandardTables))
	check("report.first_table.caption", noSpace(got.FirstTable.Caption), noSpace(want.FirstTable.Caption))
	for _, row := range sortedKeys(want.FirstTable.Totals) {
		raw := want.FirstTable.Totals[row]
		var byCol map[string]string
		if json.Unmarshal(raw, &byCol) != nil {
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				check("report.first_table", "unreadable label", string(raw))
				continue
			}
			byCol = map[string]string{}
			for i, v := range list {
				if i < len(want.FirstTable.Columns) {
					byCol[want.FirstTable.Columns[i]] = v
				}
			}
		}
		for _, col := range sortedKeys(byCol) {
			check("report.first_table", row+"/"+col+"="+got.FirstTable.Figure(row, col), row+"/"+col+"="+byCol[col])
		}
	}
	for _, k := range sortedKeys(want.Applications) {
		check("report.applications", k+"="+got.Applications[k], k+"="+want.Applications[k])
	}
	if want.ReviewLitigationAllZero != nil {
		check("report.review_litigation_all_zero", fmt.Sprint(got.ReviewAllZero()), fmt.Sprint(*want.ReviewLitigationAllZero))
	}
	for _, group := range sortedKeys(want.ReviewLitigation) {
		for _, col := range sortedKeys(want.ReviewLitigation[group]) {
			check("report.review_litigation", group+"/"+col+"="+got.Review[group][col], group+"/"+col+"="+want.ReviewLitigation[group][col])
		}
	}
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// wantType maps a corpus label type to PageType's answer.
func wantType(label string, header bool, depth int) string {
	switch {
	case label == "doc" && header:
		return TypeDocument
	case label == "doc":
		return TypeArticle
	case label == "list":
		return TypeColumn
	case label == "home" && depth == 0:
		return TypeHomepage
	case label == "guide":
		return TypeGuide
	case label == "report":
		return TypeAnnualReport
	}
	return TypePlatform
}

// TestCorpusSearchEntry: which real pages show a site search, by reading
// their markup by hand: hd (TRS, a POST form to /was5/web/search and a
// 高级搜索 link), shanxi (POST form to /search/sxgovsearch.jsp), zjfgw (GET
// form to search.zj.gov.cn), cmse (GET form to /qwjs/, button 搜索),
// gansu_jyt_list (no form: a field with placeholder 请输入搜索关键字 that a
// script submits); flk_home's script-driven box has no hint, its 高级检索 is
// an <li onclick>: not seen.
func TestCorpusSearchEntry(t *testing.T) {
	c := Default()
	sec := c.Synonyms.section("search")
	for file, want := range map[string]bool{
		"hd_index.html": true, "hd_gkzn.html": true, "hd_list.html": true, "shanxi_news.html": true,
		"zjfgw_news.html": true, "cmse_news.html": true, "flk_home.html": false, "gansu_jyt_list.html": true,
	} {
		t.Run(file, func(t *testing.T) {
			p := corpusPage(t, file)
			if got := c.linksToSection(p, sec); got != want {
				var forms []snapshot.Anchor
				for _, a := range p.Anchors {
					if a.Tag == formTag {
						forms = append(forms, a)
					}
				}
				t.Errorf("search entry = %v, want %v; forms %+v", got, want, forms)
			}
		})
	}
}
