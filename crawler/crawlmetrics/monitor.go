package crawlmetrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// Monitor observes the scheduled homepage probes (probe.Observer).
type Monitor struct {
	probes   *prometheus.CounterVec
	seconds  *prometheus.HistogramVec
	up       *prometheus.GaugeVec
	sites    prometheus.Gauge
	lastSeen prometheus.Gauge

	mu   sync.Mutex
	seen map[string]bool // site ids with up series
}

var _ probe.Observer = (*Monitor)(nil)

// NewMonitor registers the monitoring metrics on reg.
func NewMonitor(reg prometheus.Registerer) (*Monitor, error) {
	m := &Monitor{
		seen: map[string]bool{},
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_monitor_probes_total",
			Help: "Scheduled homepage probes, by IP family and how they ended (crawl_status).",
		}, []string{"family", "crawl_status"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gongkai_monitor_probe_duration_seconds",
			Help:    "Time a scheduled homepage probe took, by IP family (the indicator fails a homepage slower than 15 s).",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30},
		}, []string{"family"}),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "gongkai_monitor_home_up",
			Help: "1 if the last scheduled probe of the site's homepage over the family opened it (any answer but a failure), else 0.",
		}, []string{"site_id", "level", "kind", "region", "family"}),
		sites: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_monitor_sites",
			Help: "Sites whose homepages are probed on the schedule.",
		}),
		lastSeen: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_monitor_last_probe_timestamp_seconds",
			Help: "When the last scheduled probe ended (Unix time); 0 before any.",
		}),
	}
	for _, c := range []prometheus.Collector{m.probes, m.seconds, m.up, m.sites, m.lastSeen} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Probed implements probe.Observer.
func (m *Monitor) Probed(r probe.Result) {
	s := r.Site
	for _, f := range r.Families {
		m.probes.WithLabelValues(f.Family, string(f.Status)).Inc()
		m.seconds.WithLabelValues(f.Family).Observe(f.Duration.Seconds())
		up := 0.0
		if f.Up() {
			up = 1
		}
		m.up.WithLabelValues(s.ID, s.Level, s.Kind, s.Region, f.Family).Set(up)
	}
	m.mu.Lock()
	m.seen[s.ID] = true
	m.mu.Unlock()
	m.lastSeen.Set(float64(time.Now().UnixNano()) / 1e9)
}

// SitesChanged implements probe.Observer: sites no longer monitored lose
// their series.
func (m *Monitor) SitesChanged(sites []snapshot.Site) {
	keep := map[string]bool{}
	for _, s := range sites {
		keep[s.ID] = true
	}
	m.sites.Set(float64(len(sites)))
	m.mu.Lock()
	defer m.mu.Unlock()
	for id := range m.seen {
		if !keep[id] {
			m.up.DeletePartialMatch(prometheus.Labels{"site_id": id})
			delete(m.seen, id)
		}
	}
}
