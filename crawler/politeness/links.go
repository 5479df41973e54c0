package politeness

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"

	"gongkai/crawler/dualstack"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// Links returns the linkcheck.Share of an audit: a URL linked from sites
// crawled on many workers (the State Council's portal, the province's) is
// checked once per audit, as in one process; the other workers wait for
// the verdict.
func (c *Cluster) Links(auditID string) linkcheck.Share {
	return &share[linkcheck.Result]{c: c, prefix: kvKey(auditID) + "/link/", what: "link verdict"}
}

// Hosts returns the dualstack.Share of an audit: a host linked from sites
// crawled on many workers is probed over IPv4 and IPv6 once per audit.
func (c *Cluster) Hosts(auditID string) dualstack.Share {
	return &share[snapshot.Host]{c: c, prefix: kvKey(auditID) + "/host/", what: "host probe"}
}

// share is work on a key done once per audit by the cluster (a link
// check, a host probe), its result of type T in the checks bucket. Best
// effort: a result the server cannot give or take is made or kept by the
// worker alone.
type share[T any] struct {
	c      *Cluster
	prefix string
	what   string
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
	raw, mine, err := s.c.claim(ctx, s.c.checks, s.key(k))
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
	if err := s.c.settle(ctx, s.c.checks, s.key(k), v); err != nil {
		s.c.warned.warn(s.c.log, s.what+" not shared", err)
	}
}

// Release gives up a claim on k.
func (s *share[T]) Release(ctx context.Context, k string) {
	if err := s.c.release(context.WithoutCancel(ctx), s.c.checks, s.key(k)); err != nil {
		s.c.warned.warn(s.c.log, s.what+" claim not released", err)
	}
}
