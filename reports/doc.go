// Package reports turns a published release into the evaluator's views:
// the per-site report (评估报告), the summary report (总报告) and the
// methodology appendix, in Markdown (plain GFM), HTML and PDF, Chinese by
// default and English on request.
//
// # View models and renderers
//
// The views are built in two steps, so that the open-data portal shows
// the same content in its own pages without working anything out again:
//
//   - Open (or NewData, for a release already loaded) reads a release
//     through datasets and indexes it by site. Data.Scorecard, Data.Summary
//     and Data.Methodology build the view models: plain structs that hold
//     every number, verdict and piece of evidence a report shows, already
//     joined (a finding's URL with its page, link and host rows) and ordered
//     (items by effect and points, fixes by the points they recover).
//   - Writer renders them: Markdown and HTML from embedded templates, PDF by
//     handing the HTML to a Printer; WriteFile writes one report atomically,
//     WriteDir the summary and every site's. Charts are SVG drawn here
//     (GradeChart, ScoreChart, RuleFailureChart, IPv6Chart, on BarChart and
//     ColumnChart), with no script and nothing fetched. Label, RuleTitle
//     and GradeName give the reports' words in either language.
//
// Nothing is printed here: Printer is an interface, implemented by the
// crawler's hardened headless browser (crawler/render) and wired in
// cmd/gongkai, so that reports never reaches the network.
//
// # Where the evidence comes from
//
// Everything comes from the release's tables (sites, scores, findings,
// rules, pages, links, hosts, documents, guides, changes) and its
// datapackage.json (the data dictionary names the fields a document
// lacks). Two things a release does not hold are read from the audit
// directory beside it, DIR/audits/<audit_id>/, when it is there: the
// screenshots (findings and pages name them relative to that directory)
// and the crawl parameters (audit.json). A report made without them says
// so instead of leaving a blank.
package reports
