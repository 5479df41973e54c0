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

// corpusLabels mirrors labels.json (copied byte-identical
// from the shared corpus).
type corpusLabels struct {
	Pages []struct {
		File string `json:"file"`
		Type string `json:"type"`
		Doc  *struct {
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
		Identifiers struct {
			SiteIDCode *string `json:"site_id_code"`
			ICP        *string `json:"icp"`
			Police     *string `json:"police"`
		} `json:"identifiers"`
	} `json:"pages"`
}

// corpusURLs are the pages' addresses: from the labels' notes where they
// give one, else reconstructed from the site's URL pattern (marked r). Only
// the path matters: "/" is a homepage (depth 0).
var corpusURLs = map[string]string{
	"hd_details.html":        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
	"hd_list.html":           "http://hdzfxxgk.hd.gov.cn/zfwj/jqxxgk/", // r
	"hd_index.html":          "http://hdzfxxgk.hd.gov.cn/",
	"hd_gkzn.html":           "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/",
	"wanzai_2022.html":       "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml",
	"wanzai_2015.html":       "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml",
	"shanxi_news.html":       "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", // r
	"zjfgw_news.html":        "http://fgw.zj.gov.cn/art/2016/11/22/art_1229123366_1.html",      // r
	"jl_tonggao.html":        "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8382337.html",   // r
	"cfda_recall_list.html":  "http://samr.cfda.gov.cn/WS01/CL1129/index.html",
	"gansu_jyt_list.html":    "http://jyt.gansu.gov.cn/jyt/c107817/xxgk_list.shtml",          // r
	"gansu_fzgg_notice.html": "http://fzgg.gansu.gov.cn/fzgg/c106115/202502/174064528.shtml", // r
	"flk_home.html":          "https://flk.npc.gov.cn/",
	"cmse_news.html":         "http://www.cmse.gov.cn/xwzx/201206/t20120624_49166.html",             // r
	"ccgp_notice.html":       "http://www.ccgp.gov.cn/cggg/dfgg/cjgg/202106/t20210610_16419786.htm", // r
	"ccgp_hebei_notice.html": "http://www.ccgp-hebei.gov.cn/cd/cd_wc/cggg/zhbggAAAA/202110/t20211011_1485252.html",
}

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

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestCorpusAccuracy measures page understanding on real government pages
// (corpusDir, hand-labelled) and fails below 95% on any field.
func TestCorpusAccuracy(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels corpusLabels
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	c := Default()
	when := time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC) // the labels' date
	acc := tally{}
	for _, lp := range labels.Pages {
		if _, ok := corpusURLs[lp.File]; !ok {
			t.Errorf("%s: no URL", lp.File)
			continue
		}
		p := corpusPage(t, lp.File)
		check := func(field, got, want string) {
			acc.add(field, got == want)
			if got != want {
				t.Logf("%-24s %-20s got %q want %q", lp.File, field, got, want)
			}
		}
		check("page_type", c.PageType(p), wantType(lp.Type, lp.Doc != nil && lp.Doc.HasMetadataHeader, p.Depth))
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
		if lp.Type == "home" {
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
	}
	fields := make([]string, 0, len(acc))
	for f := range acc {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	t.Logf("%-24s %8s %8s", "field", "correct", "accuracy")
	for _, f := range fields {
		v := acc[f]
		ratio := float64(v[0]) / float64(v[1])
		t.Logf("%-24s %4d/%-3d %7.1f%%", f, v[0], v[1], ratio*100)
		if ratio < 0.95 {
			t.Errorf("field %s: accuracy %.1f%% below the 95%% floor", f, ratio*100)
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
