package politeness

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"gongkai/crawler/fetch"
)

// claimTTL is how long a claim on a robots.txt holds before another worker
// may take it over: longer than the fetch of one robots.txt can take
// (retries and a honoured Retry-After included), so a live claimer is not
// overtaken, and short enough that a dead one costs little.
const claimTTL = 2 * time.Minute

// Robots returns the fetch.RobotsShare of an audit.
func (c *Cluster) Robots(auditID string) fetch.RobotsShare {
	return &robotsShare{c: c, audit: kvKey(auditID)}
}

type robotsShare struct {
	c     *Cluster
	audit string
}

// robotsRecord is a robots bucket entry: a claim, or an answer.
type robotsRecord struct {
	Claimant  string              `json:"claimant,omitempty"`
	ClaimedAt time.Time           `json:"claimed_at,omitzero"`
	Answer    *fetch.RobotsAnswer `json:"answer,omitempty"`
}

func (s *robotsShare) key(key string) string { return s.audit + "/" + kvKey(key) }

// Claim implements fetch.RobotsShare: it returns the answer in the
// bucket, or makes the key's claim the caller's when there is none or the
// one there is older than claimTTL, or waits while another worker's
// claim is fresh.
func (s *robotsShare) Claim(ctx context.Context, key string) (fetch.RobotsAnswer, bool, error) {
	k := s.key(key)
	claim, err := json.Marshal(robotsRecord{Claimant: s.c.me, ClaimedAt: time.Now()})
	if err != nil {
		return fetch.RobotsAnswer{}, false, err
	}
	wait := 20 * time.Millisecond
	for {
		if !s.c.connected() {
			return fetch.RobotsAnswer{}, false, fmt.Errorf("robots claim %s: %w", k, errDisconnected)
		}
		e, err := s.get(ctx, k)
		switch {
		case absent(err):
			if err := s.swap(ctx, k, claim, 0); err == nil {
				return fetch.RobotsAnswer{}, true, nil
			} else if !conflict(err) {
				return fetch.RobotsAnswer{}, false, fmt.Errorf("robots claim %s: %w", k, err)
			}
			continue
		case err != nil:
			return fetch.RobotsAnswer{}, false, fmt.Errorf("robots claim %s: %w", k, err)
		}
		var rec robotsRecord
		if err := json.Unmarshal(e.Value(), &rec); err != nil {
			return fetch.RobotsAnswer{}, false, fmt.Errorf("robots claim %s: %w", k, err)
		}
		if rec.Answer != nil {
			return *rec.Answer, false, nil
		}
		if time.Since(rec.ClaimedAt) > s.c.claimTTL {
			if err := s.swap(ctx, k, claim, e.Revision()); err == nil {
				return fetch.RobotsAnswer{}, true, nil
			} else if !conflict(err) {
				return fetch.RobotsAnswer{}, false, fmt.Errorf("robots claim %s: %w", k, err)
			}
			continue
		}
		if err := sleep(ctx, wait); err != nil {
			return fetch.RobotsAnswer{}, false, err
		}
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// Put implements fetch.RobotsShare.
func (s *robotsShare) Put(ctx context.Context, key string, ans fetch.RobotsAnswer) error {
	k := s.key(key)
	data, err := json.Marshal(robotsRecord{Answer: &ans})
	if err == nil {
		pctx, cancel := context.WithTimeout(ctx, opTimeout)
		_, err = s.c.robots.Put(pctx, k, data)
		cancel()
	}
	if err != nil {
		return fmt.Errorf("robots put %s: %w", k, err)
	}
	return nil
}

// Release implements fetch.RobotsShare: it deletes the key if it still
// holds the caller's claim.
func (s *robotsShare) Release(ctx context.Context, key string) error {
	k := s.key(key)
	e, err := s.get(ctx, k)
	if absent(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("robots release %s: %w", k, err)
	}
	var rec robotsRecord
	if json.Unmarshal(e.Value(), &rec) != nil || rec.Answer != nil || rec.Claimant != s.c.me {
		return nil
	}
	dctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if err := s.c.robots.Delete(dctx, k, jetstream.LastRevision(e.Revision())); err != nil && !conflict(err) {
		return fmt.Errorf("robots release %s: %w", k, err)
	}
	return nil
}

// get reads k, bounded by opTimeout.
func (s *robotsShare) get(ctx context.Context, k string) (jetstream.KeyValueEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	return s.c.robots.Get(ctx, k)
}

// swap writes value to k if its revision is rev (0: if k has no value),
// bounded by opTimeout.
func (s *robotsShare) swap(ctx context.Context, k string, value []byte, rev uint64) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	var err error
	if rev == 0 {
		_, err = s.c.robots.Create(ctx, k, value)
	} else {
		_, err = s.c.robots.Update(ctx, k, value, rev)
	}
	return err
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
