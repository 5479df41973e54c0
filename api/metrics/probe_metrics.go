package metrics

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gongkai/checks"
	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// register puts the metrics of one probe result on reg.
func (p *Prober) register(reg *prometheus.Registry, r probe.Result, m probe.Module) {
	g := func(name, help string, labels ...string) *prometheus.GaugeVec {
		v := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
		reg.MustRegister(v)
		return v
	}
	success := g("probe_success", "1 if the homepage answered over every IP family of the module, else 0.")
	duration := g("probe_duration_seconds", "How long the probe took.")
	success.WithLabelValues().Set(boolValue(r.Success()))
	duration.WithLabelValues().Set(r.Duration.Seconds())

	up := g("gongkai_probe_up", "1 if the homepage answered over the IP family (any answer but a failure to open it), else 0.", "family")
	status := g("gongkai_probe_status", "How the request over the IP family ended, as crawl_status (ok, dns_error, timeout, refused, tls_error, http_error, blocked, robots_blocked, …). Always 1.", "family", "crawl_status")
	code := g("gongkai_probe_http_status_code", "HTTP status code of the homepage over the IP family; 0 when none came.", "family")
	took := g("gongkai_probe_family_duration_seconds", "Time the request over the IP family took (the indicator fails a homepage slower than 15 s).", "family")
	size := g("gongkai_probe_content_length_bytes", "Body bytes read of the homepage over the IP family.", "family")
	tlsInfo := g("gongkai_probe_tls_version_info", "TLS version of the homepage's connection over the IP family. Always 1.", "family", "version")
	expiry := g("gongkai_probe_tls_cert_expiry_timestamp_seconds", "When the first certificate of the homepage's chain expires (Unix time), over the IP family.", "family")
	for _, f := range r.Families {
		up.WithLabelValues(f.Family).Set(boolValue(f.Up()))
		status.WithLabelValues(f.Family, string(f.Status)).Set(1)
		code.WithLabelValues(f.Family).Set(float64(f.HTTPStatus))
		took.WithLabelValues(f.Family).Set(f.Duration.Seconds())
		size.WithLabelValues(f.Family).Set(float64(f.Bytes))
		if f.TLS != nil {
			tlsInfo.WithLabelValues(f.Family, f.TLS.Version).Set(1)
			expiry.WithLabelValues(f.Family).Set(unixSeconds(f.TLS.CertExpiry))
		}
	}
	if m.Facts && p.opts.Catalog != nil {
		rules := g("gongkai_probe_rule_passed", "1 if the rule passes on the live homepage, 0 if it fails (judged by the catalog on the homepage alone: identifiers and freshness); absent when the rule does not apply.", "rule_id")
		for id, ok := range p.judge(r) {
			rules.WithLabelValues(id).Set(boolValue(ok))
		}
	}
}

// judge applies the catalog's rules of the live kinds to the probed
// homepage, as of today in China, and returns pass (true) or fail (false)
// by rule id; rules that did not apply are left out.
func (p *Prober) judge(r probe.Result) map[string]bool {
	out := map[string]bool{}
	if r.Home == nil {
		return out
	}
	s := liveSnapshot(r)
	cst := p.now().In(time.FixedZone("CST", 8*3600))
	today := time.Date(cst.Year(), cst.Month(), cst.Day(), 0, 0, 0, 0, time.UTC)
	res := p.opts.Catalog.Judge(s, today)
	for _, f := range res.Findings {
		rule, ok := p.opts.Catalog.Rule(f.RuleID)
		if !ok || !slices.Contains(liveKinds, rule.Kind) {
			continue
		}
		switch f.Outcome {
		case checks.Fail:
			out[f.RuleID] = false
		case checks.Pass:
			if _, failed := out[f.RuleID]; !failed {
				out[f.RuleID] = true
			}
		}
	}
	return out
}

// liveSnapshot is the snapshot of a site whose crawl was its homepage
// alone, as the probe fetched it.
func liveSnapshot(r probe.Result) *snapshot.Snapshot {
	home := *r.Home
	var fam probe.Family
	for _, f := range r.Families {
		if f.Up() {
			fam = f
			break
		}
	}
	end := r.Start.Add(r.Duration)
	return &snapshot.Snapshot{
		Version: snapshot.Version, Site: r.Site, StartedAt: r.Start, FinishedAt: end,
		Status: home.Status,
		Home: snapshot.HomeProbe{URL: r.Site.URL, FinalURL: cmp.Or(fam.FinalURL, r.Site.URL), Status: home.Status,
			HTTPStatus: fam.HTTPStatus, Duration: fam.Duration, HTTPS: strings.HasPrefix(fam.FinalURL, "https://")},
		Pages: []snapshot.Page{home},
		Stats: snapshot.Stats{PagesFetched: 1},
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
