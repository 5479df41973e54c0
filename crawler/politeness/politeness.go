// Package politeness keeps the politeness state of a cluster of workers
// in NATS JetStream KV, so that limits hold for the whole cluster and not
// per worker: when the next request to a host or an IP address may start
// (a fetch.Pacer), what each host answered for its robots.txt in an audit
// (a fetch.RobotsShare, so robots.txt is fetched once per host per audit
// however many workers crawl sites on that host), and the verdicts on the
// links and the probes of the hosts of an audit (a linkcheck.Share and a
// dualstack.Share: a URL or host many sites link to is asked once, not
// once per site, as in one process).
package politeness

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"gongkai/crawler/fetch"
)

// The KV buckets on the NATS server.
const (
	// PaceBucket holds, per politeness key, the time the next request may
	// start.
	PaceBucket = "gongkai_pace"
	// RobotsBucket holds the robots.txt answers of audits, per audit and
	// host.
	RobotsBucket = "gongkai_robots"
	// ChecksBucket holds link verdicts and host probes, per audit and URL
	// or host, at most checksBytes of them (beyond, they are not shared).
	ChecksBucket = "gongkai_checks"
)

// Bucket lifetimes: a pace entry outlives the longest interval (the
// Crawl-delay cap); an audit's answers, verdicts and probes outlive a
// national audit.
const (
	paceTTL     = time.Hour
	auditTTL    = 72 * time.Hour
	checksBytes = 1 << 30
)

// Cluster is a worker's view of the shared politeness state.
type Cluster struct {
	js     jetstream.JetStream
	pace   jetstream.KeyValue
	robots jetstream.KeyValue
	checks jetstream.KeyValue
	local  fetch.Pacer // when the server cannot be reached
	me     string      // this worker's claim token
	log    *slog.Logger
	warned warnOnce
	// claimTTL is how long a claim holds (claimTTL; shorter in tests).
	claimTTL time.Duration
}

// Open binds the buckets of js, creating them when missing. All are on
// disk: a bucket in memory would not outlive a restart of the server.
func Open(ctx context.Context, js jetstream.JetStream, log *slog.Logger) (*Cluster, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Cluster{js: js, local: fetch.NewLocalPacer(), log: log, claimTTL: claimTTL}
	for _, b := range []struct {
		kv  *jetstream.KeyValue
		cfg jetstream.KeyValueConfig
	}{
		{&c.pace, jetstream.KeyValueConfig{Bucket: PaceBucket, Description: "gongkai: next request time per host and IP address", TTL: paceTTL}},
		{&c.robots, jetstream.KeyValueConfig{Bucket: RobotsBucket, Description: "gongkai: robots.txt answers per audit and host", TTL: auditTTL}},
		{&c.checks, jetstream.KeyValueConfig{Bucket: ChecksBucket, Description: "gongkai: link verdicts and host probes per audit", TTL: auditTTL, MaxBytes: checksBytes}},
	} {
		b.cfg.Storage, b.cfg.History = jetstream.FileStorage, 1
		kv, err := js.CreateOrUpdateKeyValue(ctx, b.cfg)
		if err != nil {
			return nil, fmt.Errorf("politeness: bucket %s: %w", b.cfg.Bucket, err)
		}
		*b.kv = kv
	}
	var tok [8]byte
	_, _ = rand.Read(tok[:])
	c.me = hex.EncodeToString(tok[:])
	return c, nil
}

// opTimeout bounds one exchange with the server: a request is not held
// up by a server that does not answer.
const opTimeout = 2 * time.Second

// connected reports whether the connection to the server is up.
func (c *Cluster) connected() bool { return c.js.Conn().Status() == nats.CONNECTED }

// kvKey maps a politeness or robots key to a KV key: letters, digits,
// '-', '.' and '/' as they are, any other byte as _XX.
func kvKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '/':
			b.WriteByte(c)
		case c == '.' && i > 0 && i < len(s)-1 && s[i-1] != '.' && s[i-1] != '/':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "_%02X", c)
		}
	}
	return b.String()
}

// conflict reports a compare-and-set that lost to another writer.
func conflict(err error) bool {
	return errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch)
}

// absent reports a key with no value.
func absent(err error) bool {
	return errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted)
}

// warnOnce logs a failure of the server at most once a minute.
type warnOnce struct {
	mu   sync.Mutex
	last time.Time
}

func (w *warnOnce) warn(log *slog.Logger, msg string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if time.Since(w.last) < time.Minute {
		return
	}
	w.last = time.Now()
	log.Warn(msg, slog.Any("error", err))
}
