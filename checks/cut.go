package checks

import (
	"slices"

	"gongkai/crawler/snapshot"
)

// phaseOrder lists the crawl phases in the order they run.
var phaseOrder = []string{snapshot.PhaseCrawl, snapshot.PhaseLinks, snapshot.PhaseProbes}

// phaseOf is the crawl phase whose facts a check kind reads: the probes of
// the hosts for the IPv6 kinds, the link checks for dead links, the pages
// for the rest.
func (k checkKind) phaseOf() string {
	if k.phase != "" {
		return k.phase
	}
	return snapshot.PhaseCrawl
}

// cutShort reports whether the site's crawl stopped before the phase ph
// was complete (a time or byte budget, an interruption).
func (v *siteView) cutShort(ph string) bool {
	st := v.snap.Stopped
	return st != nil && slices.Index(phaseOrder, st.Phase) <= slices.Index(phaseOrder, ph)
}

// stopText says in Chinese why the crawl stopped early.
func (v *siteView) stopText() string {
	st := v.snap.Stopped
	return "站点抓取提前结束（" + string(st.Status) + "，" + st.Error + "）"
}

// settleCut adjusts the findings of a rule whose facts the crawl did not
// finish gathering. A failure found in what was gathered stands, noted as
// such; a pass (or a finding of nothing) cannot be concluded from part of a
// site and becomes not_applicable saying why. Probe facts are all or
// nothing: without the probe phase every finding is not_applicable.
func settleCut(p *pass, spec checkKind) {
	v := p.site
	ph := spec.phaseOf()
	if (spec.need == needNothing && spec.phase == "") || !v.cutShort(ph) {
		return
	}
	if ph == snapshot.PhaseProbes {
		p.findings = nil
		p.na("%s，未完成DNS与IPv6探测，无法判断", v.stopText())
		return
	}
	kept := p.findings[:0]
	for _, f := range p.findings {
		if f.Outcome == Fail || f.Outcome == Error {
			f.Message += "（" + v.stopText() + "，依据已抓取的部分）"
			kept = append(kept, f)
		}
	}
	p.findings = kept
	if len(kept) == 0 {
		p.na("%s，已抓取的部分未发现问题，但不能据此判定合格", v.stopText())
	}
}
