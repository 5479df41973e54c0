package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Server holds the metrics of gongkai serve itself: requests by route and
// status, and the releases it took up or refused.
type Server struct {
	requests *prometheus.CounterVec
	seconds  *prometheus.HistogramVec
	loads    *prometheus.CounterVec
	loadTook prometheus.Gauge
}

// NewServer registers the server metrics on reg.
func NewServer(reg prometheus.Registerer) (*Server, error) {
	s := &Server{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_http_requests_total",
			Help: "HTTP requests served, by route pattern (unmatched: no route) and status code.",
		}, []string{"route", "code"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gongkai_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route pattern.",
			Buckets: []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		loads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_release_loads_total",
			Help: "Releases the server tried to take up, by result: served, or refused (damaged; the last good one stays served).",
		}, []string{"result"}),
		loadTook: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_release_load_duration_seconds",
			Help: "Time the last release took to load and verify.",
		}),
	}
	for _, r := range []string{"served", "refused"} {
		s.loads.WithLabelValues(r)
	}
	for _, c := range []prometheus.Collector{s.requests, s.seconds, s.loads, s.loadTook} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Observe records one request (the api server's Options.Observe hook).
func (s *Server) Observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	s.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	s.seconds.WithLabelValues(route).Observe(d.Seconds())
}

// ReleaseLoaded records an attempt to take up a release.
func (s *Server) ReleaseLoaded(err error, took time.Duration) {
	result := "served"
	if err != nil {
		result = "refused"
	}
	s.loads.WithLabelValues(result).Inc()
	s.loadTook.Set(took.Seconds())
}
