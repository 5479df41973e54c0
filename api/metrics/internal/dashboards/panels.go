// Package dashboards defines gongkai's Grafana dashboards as code (with
// the grafana-foundation-sdk): the compliance overview, the per-site
// drill-down and the crawl health. The JSON files Grafana provisions,
// api/metrics/grafana/dashboards/*.json, are written from these
// definitions by `go test ./api/metrics/internal/dashboards -update`, and
// the test fails when they differ, so the files are always what this code
// says. Every panel reads the data source of the dashboard's datasource
// variable.
package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/piechart"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// datasource is the panels' data source: the dashboard's variable.
var datasource = common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${datasource}")}

// query is one PromQL target of a panel.
type query struct {
	expr, legend string
}

func q(expr, legend string) query { return query{expr: expr, legend: legend} }

// target builds a range query (instant for stats, tables and bars).
func (qy query) target(ref string, instant bool) *prometheus.DataqueryBuilder {
	b := prometheus.NewDataqueryBuilder().Expr(qy.expr).RefId(ref).Datasource(datasource)
	if qy.legend != "" {
		b.LegendFormat(qy.legend)
	}
	if instant {
		b.Instant().Format(prometheus.PromQueryFormatTable)
	} else {
		b.Range()
	}
	return b
}

var refs = []string{"A", "B", "C", "D", "E", "F"}

// statPanel shows the last value of each query.
func statPanel(title, desc, unit string, w uint32, qs ...query) cog.Builder[dashboard.Panel] {
	p := stat.NewPanelBuilder().Title(title).Description(desc).Datasource(datasource).Unit(unit).
		Span(w).Height(4).GraphMode(common.BigValueGraphModeNone).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}))
	for i, qy := range qs {
		p.WithTarget(qy.target(refs[i], false))
	}
	return p
}

// seriesPanel draws each query over time.
func seriesPanel(title, desc, unit string, w uint32, qs ...query) cog.Builder[dashboard.Panel] {
	p := timeseries.NewPanelBuilder().Title(title).Description(desc).Datasource(datasource).Unit(unit).
		Span(w).Height(8)
	for i, qy := range qs {
		p.WithTarget(qy.target(refs[i], false))
	}
	return p
}

// barPanel shows the current value of each series as a horizontal bar.
func barPanel(title, desc, unit string, w uint32, qs ...query) cog.Builder[dashboard.Panel] {
	p := bargauge.NewPanelBuilder().Title(title).Description(desc).Datasource(datasource).Unit(unit).
		Span(w).Height(8).Orientation(common.VizOrientationHorizontal).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}))
	for i, qy := range qs {
		b := prometheus.NewDataqueryBuilder().Expr(qy.expr).RefId(refs[i]).Datasource(datasource).Instant().LegendFormat(qy.legend)
		p.WithTarget(b)
	}
	return p
}

// piePanel shows the share of each series.
func piePanel(title, desc string, w uint32, qy query) cog.Builder[dashboard.Panel] {
	return piechart.NewPanelBuilder().Title(title).Description(desc).Datasource(datasource).
		Span(w).Height(8).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		WithTarget(prometheus.NewDataqueryBuilder().Expr(qy.expr).RefId("A").Datasource(datasource).Instant().LegendFormat(qy.legend))
}

// tablePanel lists the current series of each query with their labels.
func tablePanel(title, desc string, w uint32, qs ...query) cog.Builder[dashboard.Panel] {
	p := table.NewPanelBuilder().Title(title).Description(desc).Datasource(datasource).Span(w).Height(8)
	for i, qy := range qs {
		p.WithTarget(qy.target(refs[i], true))
	}
	return p
}

// row starts a titled row.
func row(title string) cog.Builder[dashboard.RowPanel] { return dashboard.NewRowBuilder(title) }

// labelVariable is a multi-value variable over a label of gongkai_site_info,
// narrowed by the variables before it.
func labelVariable(name, label, selector string) cog.Builder[dashboard.VariableModel] {
	return dashboard.NewQueryVariableBuilder(name).Label(label).
		Query(dashboard.StringOrMap{String: cog.ToPtr("label_values(gongkai_site_info" + selector + ", " + name + ")")}).
		Datasource(datasource).Multi(true).IncludeAll(true).AllValue(".*").
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc)
}

// datasourceVariable picks the Prometheus data source.
func datasourceVariable() cog.Builder[dashboard.VariableModel] {
	return dashboard.NewDatasourceVariableBuilder("datasource").Label("Data source").Type("prometheus")
}

// base starts a dashboard with gongkai's common settings.
func base(uid, title, desc string) *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder(title).Uid(uid).Description(desc).
		Tags([]string{"gongkai", "政务公开"}).Time("now-7d", "now").Refresh("5m").
		Timezone("browser").Tooltip(dashboard.DashboardCursorSyncCrosshair).Readonly().
		WithVariable(datasourceVariable())
}
