package politeness

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// claimTTL is how long a claim holds before another worker may take it
// over: longer than one robots.txt fetch or link check can take (retries,
// a honoured Retry-After and the wait for the host's turn included), so a
// live claimer is seldom overtaken, and short enough that a dead one
// costs little. Overtaken, the work is done twice, never lost.
const claimTTL = 2 * time.Minute

// record is a bucket entry of the claim protocol: a claim, or the
// claimed work's result.
type record struct {
	Claimant  string          `json:"claimant,omitempty"`
	ClaimedAt time.Time       `json:"claimed_at,omitzero"`
	Result    json.RawMessage `json:"result,omitempty"`
}

// claim is the first step of doing some work once in a cluster: it
// returns the result another worker put under k, waiting while that
// worker's claim is fresh, or takes the claim (k has nothing, or a stale
// claim) and reports mine: the caller then does the work and settles or
// releases the claim.
func (c *Cluster) claim(ctx context.Context, kv jetstream.KeyValue, k string) (result json.RawMessage, mine bool, err error) {
	mark, err := json.Marshal(record{Claimant: c.me, ClaimedAt: time.Now()})
	if err != nil {
		return nil, false, err
	}
	wait := 20 * time.Millisecond
	for {
		if !c.connected() {
			return nil, false, fmt.Errorf("claim %s: %w", k, errDisconnected)
		}
		e, err := get(ctx, kv, k)
		var rec record
		switch {
		case absent(err):
		case err != nil:
			return nil, false, fmt.Errorf("claim %s: %w", k, err)
		default:
			if err := json.Unmarshal(e.Value(), &rec); err != nil {
				return nil, false, fmt.Errorf("claim %s: %w", k, err)
			}
		}
		switch {
		case rec.Result != nil:
			return rec.Result, false, nil
		case e != nil && time.Since(rec.ClaimedAt) <= c.claimTTL:
			if err := sleep(ctx, wait); err != nil {
				return nil, false, err
			}
			wait = min(2*wait, 500*time.Millisecond)
			continue
		}
		var rev uint64
		if e != nil {
			rev = e.Revision()
		}
		if err := swap(ctx, kv, k, mark, rev); err == nil {
			return nil, true, nil
		} else if !conflict(err) {
			return nil, false, fmt.Errorf("claim %s: %w", k, err)
		}
	}
}

// settle puts the result of a claim's work under k.
func (c *Cluster) settle(ctx context.Context, kv jetstream.KeyValue, k string, result any) error {
	data, err := json.Marshal(result)
	if err == nil {
		data, err = json.Marshal(record{Result: data})
	}
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		_, err = kv.Put(ctx, k, data)
		cancel()
	}
	if err != nil {
		return fmt.Errorf("settle %s: %w", k, err)
	}
	return nil
}

// release gives up the caller's claim on k without a result: the next
// claim is its claimant's.
func (c *Cluster) release(ctx context.Context, kv jetstream.KeyValue, k string) error {
	e, err := get(ctx, kv, k)
	if absent(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("release %s: %w", k, err)
	}
	var rec record
	if json.Unmarshal(e.Value(), &rec) != nil || rec.Result != nil || rec.Claimant != c.me {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if err := kv.Delete(ctx, k, jetstream.LastRevision(e.Revision())); err != nil && !conflict(err) {
		return fmt.Errorf("release %s: %w", k, err)
	}
	return nil
}

// get reads k, bounded by opTimeout.
func get(ctx context.Context, kv jetstream.KeyValue, k string) (jetstream.KeyValueEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	return kv.Get(ctx, k)
}

// swap writes value to k if its revision is rev (0: if k has no value),
// bounded by opTimeout.
func swap(ctx context.Context, kv jetstream.KeyValue, k string, value []byte, rev uint64) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	var err error
	if rev == 0 {
		_, err = kv.Create(ctx, k, value)
	} else {
		_, err = kv.Update(ctx, k, value, rev)
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
