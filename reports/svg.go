package reports

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode/utf8"
)

// Charts are inline SVG: no script, no font or image fetched, the same
// bytes for the same data. Text uses the CJK fonts the PDF embeds.

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value float64
	// Text is written at the bar's end (the value when empty).
	Text string
	// Color is the bar's fill (an SVG colour); "" is the chart's colour.
	Color string
}

// Chart geometry (user units; the SVG scales to its container).
const (
	chartWidth = 640
	barHeight  = 22
	barGap     = 8
	chartPad   = 10
	fontSize   = 13
	chartFont  = `'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif`
	chartColor = "#3566a8"
)

// BarChart draws horizontal bars scaled to full (the largest value when
// full is 0), labels on the left, values on the right. title is the
// chart's accessible name.
func BarChart(title string, bars []Bar, full float64) template.HTML {
	if full <= 0 {
		for _, b := range bars {
			full = max(full, b.Value)
		}
	}
	labelW := 0.0
	for _, b := range bars {
		labelW = max(labelW, textWidth(b.Label))
	}
	labelW = min(labelW+chartPad, chartWidth/2)
	valueW := 90.0
	area := chartWidth - labelW - valueW - chartPad
	h := chartPad*2 + len(bars)*(barHeight+barGap) - barGap
	var s strings.Builder
	openSVG(&s, title, chartWidth, h)
	for i, b := range bars {
		y := chartPad + i*(barHeight+barGap)
		w := 0.0
		if full > 0 {
			w = area * min(1, max(0, b.Value/full))
		}
		color := b.Color
		if color == "" {
			color = chartColor
		}
		text := b.Text
		if text == "" {
			text = trimFloat(b.Value)
		}
		fmt.Fprintf(&s, `<text x="%s" y="%d" text-anchor="end">%s</text>`, num(labelW-chartPad/2), y+barHeight/2+fontSize/2-2, esc(clip(b.Label, labelW-chartPad)))
		fmt.Fprintf(&s, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"/>`, num(labelW), y, num(w), barHeight, esc(color))
		fmt.Fprintf(&s, `<text x="%s" y="%d">%s</text>`, num(labelW+w+4), y+barHeight/2+fontSize/2-2, esc(text))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// ColumnChart draws vertical columns with their labels below and values
// above; title is the chart's accessible name.
func ColumnChart(title string, bars []Bar) template.HTML {
	const plotH, labelH, valueH = 160, 24, 18
	full := 0.0
	for _, b := range bars {
		full = max(full, b.Value)
	}
	h := chartPad*2 + valueH + plotH + labelH
	n := max(1, len(bars))
	slot := float64(chartWidth-2*chartPad) / float64(n)
	colW := slot * 0.7
	var s strings.Builder
	openSVG(&s, title, chartWidth, h)
	base := chartPad + valueH + plotH
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, chartPad, base, chartWidth-chartPad, base)
	for i, b := range bars {
		x := chartPad + slot*float64(i) + (slot-colW)/2
		ch := 0.0
		if full > 0 {
			ch = plotH * b.Value / full
		}
		color := b.Color
		if color == "" {
			color = chartColor
		}
		text := b.Text
		if text == "" {
			text = trimFloat(b.Value)
		}
		mid := x + colW/2
		fmt.Fprintf(&s, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(float64(base)-ch), num(colW), num(ch), esc(color))
		fmt.Fprintf(&s, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(mid), num(float64(base)-ch-4), esc(text))
		fmt.Fprintf(&s, `<text x="%s" y="%d" text-anchor="middle">%s</text>`, num(mid), base+labelH-6, esc(clip(b.Label, slot)))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

func openSVG(s *strings.Builder, title string, w, h int) {
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" font-family="%s" font-size="%d" fill="#222">`,
		w, h, esc(title), esc(chartFont), fontSize)
	fmt.Fprintf(s, `<title>%s</title>`, esc(title))
}

// GradeChart draws the grade distribution: one bar per grade, coloured
// from green (the best grade) to red (the worst with a score); grades
// without any scored site are grey.
func GradeChart(grades []GradeCount, lang Lang) template.HTML {
	bars := make([]Bar, len(grades))
	scored := 0
	for _, g := range grades {
		if g.Scored {
			scored++
		}
	}
	i := 0
	for k, g := range grades {
		bars[k] = Bar{Label: GradeName(g.Grade, lang), Value: float64(g.Sites), Color: "#9e9e9e"}
		if g.Scored {
			bars[k].Color = ramp(i, scored)
			i++
		}
	}
	return BarChart(label(lang, "chart.grades"), bars, 0)
}

// ScoreChart draws the number of scored sites per band of ten points.
func ScoreChart(bands []ScoreBand, lang Lang) template.HTML {
	bars := make([]Bar, len(bands))
	for i, b := range bands {
		l := fmt.Sprintf("%d–%d", b.Min, b.Min+9)
		if i == len(bands)-1 {
			l = fmt.Sprintf("%d+", b.Min)
		}
		bars[i] = Bar{Label: l, Value: float64(b.Sites), Color: ramp(len(bands)-1-i, len(bands))}
	}
	return ColumnChart(label(lang, "chart.scores"), bars)
}

// RuleFailureChart draws the failure rate of the n rules failed most
// often (all when n is 0), as a share of the sites judged.
func RuleFailureChart(rates []RuleRate, lang Lang, n int) template.HTML {
	if n > 0 && len(rates) > n {
		rates = rates[:n]
	}
	bars := make([]Bar, len(rates))
	for i, r := range rates {
		bars[i] = Bar{Label: RuleTitle(r.Rule, lang), Value: r.Rate,
			Text: fmt.Sprintf("%s (%d/%d)", percent(r.Rate), r.Failed, r.Judged)}
		if r.Rule.Effect == effectVeto {
			bars[i].Color = "#c62828"
		}
	}
	return BarChart(label(lang, "chart.rules"), bars, 1)
}

// IPv6Chart draws the IPv6 overview: the share of sites with an AAAA
// record, with a homepage over IPv6 and a consistent one, and the mean
// level-2 and level-3 link support ratios.
func IPv6Chart(o IPv6Overview, lang Lang) template.HTML {
	share := func(n int) float64 {
		if o.Sites == 0 {
			return 0
		}
		return float64(n) / float64(o.Sites)
	}
	bars := []Bar{
		{Label: label(lang, "ipv6.aaaa"), Value: share(o.AAAA), Text: fmt.Sprintf("%s (%d/%d)", percent(share(o.AAAA)), o.AAAA, o.Sites)},
		{Label: label(lang, "ipv6.home"), Value: share(o.Home), Text: fmt.Sprintf("%s (%d/%d)", percent(share(o.Home)), o.Home, o.Sites)},
		{Label: label(lang, "ipv6.consistent"), Value: share(o.Consistent), Text: fmt.Sprintf("%s (%d/%d)", percent(share(o.Consistent)), o.Consistent, o.Sites)},
	}
	for _, r := range []struct {
		key string
		v   *float64
	}{{"ipv6.l2", o.L2}, {"ipv6.l3", o.L3}} {
		b := Bar{Label: label(lang, r.key), Text: "—"}
		if r.v != nil {
			b.Value, b.Text = *r.v, percent(*r.v)
		}
		bars = append(bars, b)
	}
	return BarChart(label(lang, "chart.ipv6"), bars, 1)
}

// ramp returns the i-th of n colours from green to red.
func ramp(i, n int) string {
	colors := []string{"#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828"}
	if n <= 1 {
		return colors[0]
	}
	return colors[i*(len(colors)-1)/(n-1)]
}

// textWidth estimates the width of s at the chart's font size: a CJK or
// other wide character takes a full em, an ASCII one about half.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w += 0.56 * fontSize
		} else {
			w += fontSize
		}
	}
	return w
}

// clip shortens s with an ellipsis to fit width.
func clip(s string, width float64) string {
	if textWidth(s) <= width {
		return s
	}
	var b strings.Builder
	w := textWidth("…")
	for _, r := range s {
		rw := textWidth(string(r))
		if w+rw > width {
			break
		}
		w += rw
		b.WriteRune(r)
	}
	return b.String() + "…"
}

func esc(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return html.EscapeString(s)
}

// num prints a coordinate with at most one decimal.
func num(f float64) string { return trimFloat(float64(int64(f*10+0.5)) / 10) }

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.4f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func percent(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }
