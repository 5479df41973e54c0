package jobqueue

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Job outcomes, the values of the outcome label of
// gongkai_worker_jobs_total.
const (
	OutcomeCrawled = "crawled" // the site was crawled and its snapshot stored
	OutcomeFound   = "found"   // the snapshot was already stored (a redelivery after a lost ack)
	OutcomeFailed  = "failed"  // every attempt was lost: recorded as job_failed
	OutcomeRetried = "retried" // the attempt failed or was interrupted; the job goes back to the queue
)

// Metrics are a worker's figures: jobs by outcome (their rate is the
// worker's throughput), jobs under way, redelivered jobs taken, and the
// queue's own figures read from the server at each scrape.
type Metrics struct {
	jobs        *prometheus.CounterVec
	inFlight    prometheus.Gauge
	redelivered prometheus.Counter
	seconds     prometheus.Histogram
}

// NewMetrics registers a worker's metrics on reg, and, when q is not nil,
// the queue's: jobs pending, in flight and redelivered, as the server
// counts them for every worker.
func NewMetrics(reg prometheus.Registerer, q *Queue, log *slog.Logger) (*Metrics, error) {
	m := &Metrics{
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_worker_jobs_total",
			Help: "Site jobs this worker ended, by outcome: crawled, found (already stored), failed (recorded as job_failed), retried (given back).",
		}, []string{"outcome"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_worker_jobs_in_flight",
			Help: "Site jobs this worker is working on.",
		}),
		redelivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gongkai_worker_jobs_redelivered_total",
			Help: "Site jobs this worker took that had been delivered before (to a worker that died, failed or lost its connection).",
		}),
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "gongkai_worker_job_seconds",
			Help:    "Wall-clock time of one site job.",
			Buckets: []float64{1, 5, 15, 60, 180, 600, 1200, 3600},
		}),
	}
	for _, o := range []string{OutcomeCrawled, OutcomeFound, OutcomeFailed, OutcomeRetried} {
		m.jobs.WithLabelValues(o)
	}
	cs := []prometheus.Collector{m.jobs, m.inFlight, m.redelivered, m.seconds}
	if q != nil {
		cs = append(cs, &queueCollector{q: q, log: log})
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Started counts a job taken.
func (m *Metrics) Started(attempt int) {
	if m == nil {
		return
	}
	m.inFlight.Inc()
	if attempt > 1 {
		m.redelivered.Inc()
	}
}

// Ended counts a job ended with outcome after took.
func (m *Metrics) Ended(outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.inFlight.Dec()
	m.jobs.WithLabelValues(outcome).Inc()
	m.seconds.Observe(took.Seconds())
}

// queueCollector reads the consumer's figures at scrape time.
type queueCollector struct {
	q   *Queue
	log *slog.Logger
}

var (
	descPending = prometheus.NewDesc("gongkai_queue_jobs_pending",
		"Site jobs queued and not yet delivered (all audits, all workers).", nil, nil)
	descInFlight = prometheus.NewDesc("gongkai_queue_jobs_in_flight",
		"Site jobs delivered to a worker and not yet acknowledged.", nil, nil)
	descRedelivered = prometheus.NewDesc("gongkai_queue_jobs_redelivered",
		"Site jobs delivered more than once and not yet acknowledged.", nil, nil)
	descUp = prometheus.NewDesc("gongkai_queue_up",
		"1 if the queue's figures could be read from the NATS server at this scrape.", nil, nil)
)

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descPending
	ch <- descInFlight
	ch <- descRedelivered
	ch <- descUp
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	st, err := c.q.Stats(ctx)
	if err != nil {
		c.log.Debug("queue figures unavailable", slog.Any("error", err))
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(descInFlight, prometheus.GaugeValue, float64(st.InFlight))
	ch <- prometheus.MustNewConstMetric(descRedelivered, prometheus.GaugeValue, float64(st.Redelivered))
}
