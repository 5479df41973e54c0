package sampleweb

import (
	"fmt"
	"strings"
	"time"
)

// docFields are the canonical xxgk metadata fields, in header order.
var docFields = []string{"索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"}

// docLabels are the labels each style prints for docFields (synonyms seen
// on real platforms: 生成日期, 发布机构, 文号, 效力状态 …).
var docLabels = map[string][]string{
	"trs":       {"索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"},
	"hanweb":    {"索引号", "分类", "发布机构", "生成日期", "名称", "文号", "发布日期", "有效性"},
	"kaipuyun":  {"索 引 号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"},
	"table2016": {"索 引 号", "信息分类", "发布机构", "发文日期", "信息名称", "文号", "发布日期", "效力状态"},
}

// docRows groups field indexes into header rows (two label/value pairs per row).
var docRows = [][]int{{0, 1}, {2, 3}, {4}, {5, 6}, {7}}

// salutations open a policy document, by site kind and level.
var salutations = map[string]string{
	"portal":     "各乡镇人民政府，县政府各部门：",
	"township":   "各村民委员会，镇直各单位：",
	"department": "各股室、局属各单位：",
}

// written is the 成文日期 of a policy document: a few days before publication.
func (s *site) written(it *item) time.Time {
	d := it.date.AddDate(0, 0, -(1 + it.id%4))
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())
}

// defect returns the planted metadata defect of a document, if any.
func (s *site) defect(it *item) docDefect {
	for _, d := range s.def.DocDefects {
		if d.Item == it.seq {
			return d
		}
	}
	return docDefect{}
}

// docNumber is the 发文字号, e.g. 示政发〔2026〕12号 (or a planted variant).
func (s *site) docNumber(it *item) string {
	open, closing := "〔", "〕"
	if br := []rune(s.defect(it).Brackets); len(br) == 2 {
		open, closing = string(br[0]), string(br[1])
	}
	return fmt.Sprintf("%s%s%s%d%s%d号", s.def.Abbr, it.policy.Word, open, s.written(it).Year(), closing, 1+it.id%30)
}

// docMeta returns the metadata header rows of a policy document.
func (s *site) docMeta(it *item) [][]kv {
	w := s.written(it)
	values := []string{
		fmt.Sprintf("%s/%d-%05d", s.def.Credit, w.Year(), it.id),
		it.policy.Topic,
		s.expand("{issuer}", it),
		s.metaDate(w),
		it.title,
		s.docNumber(it),
		s.metaDate(it.date),
		"有效",
	}
	omit := map[string]bool{}
	for _, f := range s.defect(it).Omit {
		omit[f] = true
	}
	labels := docLabels[s.def.Style]
	var rows [][]kv
	for _, r := range docRows {
		var row []kv
		for _, i := range r {
			if !omit[docFields[i]] {
				row = append(row, kv{Label: labels[i], Value: values[i]})
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	return rows
}

func (b *builder) docPage(it *item) error {
	s := b.s
	header, err := b.r.styled(s.def.Style, "docmeta", s.docMeta(it))
	if err != nil {
		return err
	}
	sal := salutations[s.def.Kind]
	if s.def.Level == "township" {
		sal = salutations["township"]
	}
	d := docData{Header: header, Title: it.title, DocNo: s.docNumber(it), Salutation: sal,
		Issuer: s.expand("{issuer}", it), Label: it.label}
	if !s.omits(it, "成文日期") {
		d.Written = chineseDate(s.written(it))
	}
	for _, p := range s.cat.Content.PolicyBody {
		d.Paras = append(d.Paras, strings.ReplaceAll(s.expand(p, it), "{doctitle}", docSubject(it.title)))
	}
	if it.id%3 == 0 {
		p := s.sidePath(it, "P0", ".pdf")
		d.Attach = []linkView{{Text: docSubject(it.title) + ".pdf", URL: p}}
		b.pages.add(it.host, p, &page{status: 200, ctype: "application/pdf", body: b.assets.pdf})
	}
	for _, l := range it.links {
		d.Links = append(d.Links, linkView{Text: l.Text, URL: s.fill(l.Href)})
	}
	return b.emit(it.host, it.path, "doc", d, b.itemLayout(it, d.Paras), "gb2312")
}

func (s *site) omits(it *item, field string) bool {
	for _, f := range s.defect(it).Omit {
		if f == field {
			return true
		}
	}
	return false
}

// docSubject is the document a notice publishes: the text inside 《》, or
// the title itself.
func docSubject(title string) string {
	if i := strings.Index(title, "《"); i >= 0 {
		if j := strings.Index(title[i:], "》"); j > 0 {
			return title[i+len("《") : i+j]
		}
	}
	return title
}
