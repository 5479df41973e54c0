package htmlfacts

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/urls"
)

// facts assembles the walk's results.
func (w *walker) facts(page *url.URL) Facts {
	base := page
	baseStr, ok := urls.Normalize(nil, page.String())
	if !ok {
		baseStr = page.String()
	}
	doc := baseStr
	if len(w.baseHref) > maxAnchorURL {
		w.limits.add("<base href> longer than %d bytes ignored", maxAnchorURL)
	} else if w.baseHref != "" {
		if s, ok := urls.Normalize(page, w.baseHref); ok {
			if bu, err := url.Parse(s); err == nil {
				base, baseStr = bu, s
			}
		}
	}
	w.closeForm()
	w.prose.endLine()
	items := w.finishItems(base)
	anchors, links := w.resolveAnchors(base, doc)
	title := w.title
	if title == "" {
		title = collapse(w.meta["articletitle"])
	}
	if title == "" {
		title = w.h1
	}
	return Facts{
		Title:      truncRunes(title, 1000),
		Meta:       w.meta,
		Headings:   w.headings,
		Breadcrumb: w.crumbs,
		Blocks:     shownBlocks(w.blocks),
		Items:      items,
		Anchors:    anchors,
		Tables:     w.doneTabs,
		Text:       strings.TrimSpace(w.main.text()),
		Footer:     w.footerText(),
		Prose:      w.prose.total,
		Base:       baseStr,
		Hints: RenderHints{
			Scripts:         w.hints.scripts,
			ScriptBytes:     w.hints.scriptBytes,
			Links:           links,
			NoScript:        w.hints.noscriptText.String(),
			EmptyContainers: w.hints.empties,
			Loaders:         w.hints.loaders,
			BodyTextLen:     utf8.RuneCount(w.vis.buf),
		},
		Limits: w.limits,
	}
}
