package politeness

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"

	"github.com/nats-io/nats.go/jetstream"

	"gongkai/crawler/dualstack"
	"gongkai/crawler/fetch"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// Robots returns the fetch.RobotsShare of an audit: the first worker to
// need a host's robots.txt fetches it, the others wait for its answer.
func (c *Cluster) Robots(auditID string) fetch.RobotsShare {
	return newShare[fetch.RobotsAnswer](c, c.robots, auditID, "robots", "robots.txt answer")
}

// Links returns the linkcheck.Share of an audit: a URL linked from sites
// crawled on many workers (the State Council's portal, the province's) is
// checked once per audit, as in one process; the other workers wait for
// the verdict.
func (c *Cluster) Links(auditID string) linkcheck.Share {
	return newShare[linkcheck.Result](c, c.checks, auditID, "link", "link verdict")
}

// Hosts returns the dualstack.Share of an audit: a host linked from sites
// crawled on many workers is probed over IPv4 and IPv6 once per audit.
func (c *Cluster) Hosts(auditID string) dualstack.Share {
	return newShare[snapshot.Host](c, c.checks, auditID, "host", "host probe")
}

// share is work on a key done once per audit by the cluster (a
// robots.txt fetch, a link check, a host probe), its result of type T in
// kv. Best effort: a result the server cannot give or take is made or
// kept by the worker alone.
type share[T any] struct {
	c      *Cluster
	kv     jetstream.KeyValue
	prefix string
	what   string
}

// newShare returns the share of an audit's results of one kind in kv.
func newShare[T any](c *Cluster, kv jetstream.KeyValue, auditID, kind, what string) *share[T] {
	return &share[T]{c: c, kv: kv, prefix: kvKey(auditID) + "/" + kind + "/", what: what}
}

// key is the KV key of k: the prefix, then a hash of k (URLs are long and
// any byte may be in them).
func (s *share[T]) key(k string) string {
	sum := sha256.Sum256([]byte(k))
	return s.prefix + hex.EncodeToString(sum[:16])
}

// Claim returns the result shared for k, waiting while another worker
// makes it, or mine=true when the caller is to make it.
func (s *share[T]) Claim(ctx context.Context, k string) (T, bool) {
	var v T
	raw, mine, err := s.c.claim(ctx, s.kv, s.key(k))
	if err != nil {
		if ctx.Err() == nil {
			s.c.warned.warn(s.c.log, "shared "+s.what+"s unavailable", err)
		}
		return v, true
	}
	if mine {
		return v, true
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		s.c.log.Warn("shared "+s.what+" unreadable", slog.String("key", k), slog.Any("error", err))
		return v, true
	}
	return v, false
}

// Put shares the result for k.
func (s *share[T]) Put(ctx context.Context, k string, v T) {
	if err := s.c.settle(ctx, s.kv, s.key(k), v); err != nil {
		s.c.warned.warn(s.c.log, s.what+" not shared", err)
	}
}

// Release gives up a claim on k.
func (s *share[T]) Release(ctx context.Context, k string) {
	if err := s.c.release(context.WithoutCancel(ctx), s.kv, s.key(k)); err != nil {
		s.c.warned.warn(s.c.log, s.what+" claim not released", err)
	}
}
