package main

import (
	"context"
	"crypto/x509"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gongkai/api"
	"gongkai/api/metrics"
)

// operations is what gongkai serve offers operators, on one registry of
// its own: /metrics (the compliance of the release served, the server's
// requests and release loads, Go and process metrics), and with --sites
// the monitoring (live /probe, scheduled probes and audits, the crawler's
// metrics).
type operations struct {
	e          *env
	reg        *prometheus.Registry
	server     *metrics.Server
	compliance *metrics.Compliance
	mon        *monitoring // nil without --sites
}

// newOperations builds the registry and, with --sites, the monitoring.
// rootCAs, when set, replaces the system roots of probes and audits (the
// sample web's CA in gongkai demo).
func newOperations(e *env, f *monitorFlags, data string, rootCAs *x509.CertPool) (*operations, error) {
	o := &operations{e: e, reg: metrics.NewRegistry(), compliance: metrics.NewCompliance(f.detailLvl, e.logger)}
	var err error
	if o.server, err = metrics.NewServer(o.reg); err != nil {
		return nil, err
	}
	if err := o.reg.Register(o.compliance); err != nil {
		return nil, err
	}
	if f.crawl.sites != "" {
		if o.mon, err = newMonitoring(e, f, data, rootCAs, o.reg); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// observe is the api server's Options.Observe hook.
func (o *operations) observe() func(string, int, time.Duration) { return o.server.Observe }

// startAudit is the api server's Options.StartAudit: nil (503) without
// --sites.
func (o *operations) startAudit() func(context.Context) (string, error) {
	if o.mon == nil {
		return nil
	}
	return o.mon.startAudit
}

// mount puts /metrics and /probe on srv and follows its releases: each
// switch has the compliance metrics worked out for the release then
// served, off the loading goroutine and one at a time (so that a slow
// build of an older release can never overwrite a newer one).
func (o *operations) mount(srv *api.Server) {
	var mu sync.Mutex
	update := func() {
		mu.Lock()
		defer mu.Unlock()
		rel := srv.Store().Current()
		if rel == nil {
			return
		}
		if err := o.compliance.Update(rel.Release); err != nil {
			o.e.logger.Error("compliance metrics not updated", "release", rel.ID, "err", err)
		}
	}
	srv.Store().Subscribe(func(ev api.Event) {
		o.server.ReleaseLoaded(ev.Err, ev.Took)
		if ev.Err == nil {
			go update()
		}
	})
	update()
	srv.Mount("GET /metrics", metrics.Handler(o.reg, o.e.logger))
	if o.mon != nil {
		o.mon.mount(srv)
	}
}

// serve serves srv on addr, with the monitoring running, until ctx ends.
func (o *operations) serve(ctx context.Context, srv *api.Server, addr string) error {
	if o.mon == nil {
		return serveUntilDone(ctx, o.e, srv, addr)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { o.mon.run(ctx); close(done) }()
	err := serveUntilDone(ctx, o.e, srv, addr)
	cancel()
	<-done
	return err
}
