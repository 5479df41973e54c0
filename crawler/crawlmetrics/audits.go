package crawlmetrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Audits records audit runs: the one of `gongkai audit`, or those a
// server runs on its schedule.
type Audits struct {
	runs        *prometheus.CounterVec
	running     prometheus.Gauge
	lastSuccess prometheus.Gauge
	lastRun     prometheus.Gauge
	lastTook    prometheus.Gauge
	next        prometheus.Gauge
	interval    prometheus.Gauge
}

// NewAudits registers the audit run metrics on reg.
func NewAudits(reg prometheus.Registerer) (*Audits, error) {
	g := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	}
	a := &Audits{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_audit_runs_total",
			Help: "Audit runs ended, by result: success (a release was published) or failure.",
		}, []string{"result"}),
		running:     g("gongkai_audit_running", "1 while an audit runs, else 0."),
		lastSuccess: g("gongkai_audit_last_success_timestamp_seconds", "When the last audit that published a release ended (Unix time); 0 before any."),
		lastRun:     g("gongkai_audit_last_run_timestamp_seconds", "When the last audit run ended, whatever its result (Unix time); 0 before any."),
		lastTook:    g("gongkai_audit_last_run_duration_seconds", "How long the last audit run took, crawl, judging and publishing."),
		next:        g("gongkai_audit_next_run_timestamp_seconds", "When the next scheduled audit starts (Unix time); 0 when none is scheduled."),
		interval:    g("gongkai_audit_interval_seconds", "The time between two scheduled audits (--audit-every); 0 when audits are not scheduled."),
	}
	for _, r := range []string{"success", "failure"} {
		a.runs.WithLabelValues(r) // both series exist from the start: increase() sees the first failure
	}
	for _, c := range []prometheus.Collector{a.runs, a.running, a.lastSuccess, a.lastRun, a.lastTook, a.next, a.interval} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Started records that an audit run started.
func (a *Audits) Started() { a.running.Set(1) }

// Finished records that an audit run ended after took, failed when err is
// not nil.
func (a *Audits) Finished(err error, took time.Duration) {
	now := float64(time.Now().UnixNano()) / 1e9
	a.running.Set(0)
	a.lastRun.Set(now)
	a.lastTook.Set(took.Seconds())
	if err != nil {
		a.runs.WithLabelValues("failure").Inc()
		return
	}
	a.runs.WithLabelValues("success").Inc()
	a.lastSuccess.Set(now)
}

// Scheduled records the next scheduled run and the interval between runs.
func (a *Audits) Scheduled(next time.Time, interval time.Duration) {
	a.next.Set(float64(next.UnixNano()) / 1e9)
	a.interval.Set(interval.Seconds())
}
