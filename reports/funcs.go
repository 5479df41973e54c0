package reports

import (
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"math"
	"path"
	"strings"
	texttemplate "text/template"
	"time"

	"gongkai/datasets"
)

// commonFuncs are the template functions of both formats. w is nil when
// the templates are parsed (only the names count then).
func commonFuncs(w *Writer, lang Lang) map[string]any {
	return map[string]any{
		"t":  func(key string) string { return label(lang, key) },
		"tf": func(key string, args ...any) string { return fmt.Sprintf(label(lang, key), args...) },
		"grade": func(g string) string {
			if g == "" {
				return "—"
			}
			return GradeName(g, lang)
		},
		"rule":   func(r Rule) string { return RuleTitle(r, lang) },
		"ruleID": func(id string) string { return RuleTitle(w.Data.rule(id), lang) },
		"effect": func(e string) string { return labelOr(lang, "eff."+e, e) },
		"outcome": func(o string) string {
			return labelOr(lang, "out."+o, o)
		},
		"change": func(c string) string { return changeLabel(c, lang) },
		"score":  formatScore,
		"num":    trimFloat,
		"signed": func(f float64) string { return fmt.Sprintf("%+g", math.Round(f*100)/100) },
		"pct":    percent,
		"ratio": func(f *float64) string {
			if f == nil {
				return "—"
			}
			return percent(*f)
		},
		"share": func(n, of int) string {
			if of == 0 {
				return "—"
			}
			return percent(float64(n) / float64(of))
		},
		"intp": func(p *int64) string {
			if p == nil {
				return "—"
			}
			return fmt.Sprint(*p)
		},
		"yesno": func(b bool) string {
			if b {
				return label(lang, "yes")
			}
			return label(lang, "no")
		},
		"okfail": func(b bool) string {
			if b {
				return label(lang, "ok")
			}
			return label(lang, "fails")
		},
		"stamp": func(t any) string {
			switch t := t.(type) {
			case time.Time:
				return stamp(t)
			case *time.Time:
				if t != nil {
					return stamp(*t)
				}
			}
			return "—"
		},
		"stampp": func(t *time.Time) string {
			if t == nil {
				return "—"
			}
			return stamp(*t)
		},
		"dayp": func(d *datasets.Day) string {
			if d == nil {
				return "—"
			}
			return d.String()
		},
		"join":    func(l []string) string { return strings.Join(l, "、") },
		"joinIDs": func(l []string) string { return orDash(strings.Join(l, ", ")) },
		"fields": func(table string, cols []string) string {
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = w.Data.FieldTitle(table, c, lang)
			}
			return strings.Join(names, "、")
		},
		"inc":         func(i int) int { return i + 1 },
		"verifLevels": func() []string { return []string{"V", "P", "R"} },
		"gradeClass": func(s datasets.ScoreRow) string {
			switch {
			case s.Veto || (s.Grade != "" && s.Grade == w.Data.failGrade):
				return "bad"
			case s.Score != nil:
				return "good"
			}
			return "muted"
		},
	}
}

// htmlFuncs adds the charts and the inline screenshots.
func htmlFuncs(w *Writer, lang Lang) htmltemplate.FuncMap {
	f := commonFuncs(w, lang)
	f["gradeChart"] = func(g []GradeCount) htmltemplate.HTML { return GradeChart(g, lang) }
	f["scoreChart"] = func(b []ScoreBand) htmltemplate.HTML { return ScoreChart(b, lang) }
	f["ruleChart"] = func(r []RuleRate) htmltemplate.HTML { return RuleFailureChart(r, lang, 12) }
	f["ipv6Chart"] = func(o IPv6Overview) htmltemplate.HTML { return IPv6Chart(o, lang) }
	f["shot"] = func(rel string) htmltemplate.URL {
		b, err := w.Data.ReadScreenshot(rel)
		if err != nil {
			return ""
		}
		return htmltemplate.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
	}
	return f
}

// textFuncs adds Markdown escaping and screenshot links.
func textFuncs(w *Writer, lang Lang) texttemplate.FuncMap {
	f := commonFuncs(w, lang)
	f["md"] = mdEscape
	f["shot"] = func(rel string) string {
		if w.MarkdownData == "" {
			return rel
		}
		return path.Join(w.MarkdownData, rel)
	}
	return f
}

// mdEscape makes text safe in a GFM table cell or paragraph: no line
// breaks, pipes and markup characters escaped.
func mdEscape(v any) string {
	s := fmt.Sprint(v)
	r := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`, "\\", `\\`, "*", `\*`, "_", `\_`,
		"`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

func labelOr(lang Lang, key, fallback string) string {
	if _, ok := labels[key]; ok {
		return label(lang, key)
	}
	return fallback
}

func changeLabel(c string, lang Lang) string {
	keys := map[string]string{datasets.ChangeFindingAppeared: "ch.appeared", datasets.ChangeFindingResolved: "ch.resolved",
		datasets.ChangeScore: "f.delta", datasets.ChangeGrade: "f.grade", datasets.ChangeVeto: "f.veto",
		datasets.ChangeSiteAdded: "ch.added", datasets.ChangeSiteRemoved: "ch.removed"}
	if k, ok := keys[c]; ok {
		return label(lang, k)
	}
	return c
}

// formatScore prints a score with at most two decimals, "—" for none.
func formatScore(s *float64) string {
	if s == nil {
		return "—"
	}
	return trimFloat(math.Round(*s*100) / 100)
}

// stamp prints a time in UTC to the second.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
