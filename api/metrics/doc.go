// Package metrics is gongkai's Prometheus exposition: the compliance of the
// release being served (Compliance, a collector computed once per release
// and exposed as constant metrics at each scrape), the server's own HTTP
// and release-loading metrics, the live probe of one configured site in
// the blackbox exporter's style (Prober: /probe?target=SITE_ID&module=…,
// its own registry per request) and the /metrics endpoint of an audit
// (Serve). Each server or audit owns one registry (NewRegistry); nothing
// is registered globally.
//
// The Grafana dashboards (grafana/dashboards/*.json, with provisioning
// files) and the Prometheus alerting rules (prometheus/alerts.yml, unit
// tests in prometheus/alerts_test.yml) that read these metrics live beside
// this package, so that a renamed metric and its queries change together;
// the tests evaluate every dashboard query and alert expression on a real
// Prometheus scraping a real server.
package metrics
