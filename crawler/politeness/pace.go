package politeness

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/crawler/fetch"
)

// errDisconnected is the reason a worker paces alone while its connection
// to the server is down.
var errDisconnected = errors.New("not connected to the NATS server")

// maxTries bounds the compare-and-set rounds of one reservation.
const maxTries = 64

// Pacer returns the cluster's fetch.Pacer: each key's next start time
// lives in the pace bucket and is moved by compare-and-set, so workers on
// any number of machines take turns on a host or an address as the
// requests of one process do. While the server cannot be reached the
// worker paces on its own (and says so in its log). Workers' clocks are
// compared: keep them synchronised (NTP); a clock behind by d makes its
// worker up to d less polite.
func (c *Cluster) Pacer() fetch.Pacer { return (*pacer)(c) }

type pacer Cluster

// Reserve implements fetch.Pacer.
func (p *pacer) Reserve(ctx context.Context, slots []fetch.Slot) (time.Time, error) {
	err := errDisconnected
	if (*Cluster)(p).connected() {
		rctx, cancel := context.WithTimeout(ctx, opTimeout)
		var t time.Time
		t, err = p.reserve(rctx, slots)
		cancel()
		if err == nil {
			return t, nil
		}
	}
	if ctx.Err() != nil {
		return time.Time{}, ctx.Err()
	}
	p.warned.warn(p.log, "shared politeness unavailable, pacing this worker alone", err)
	return p.local.Reserve(ctx, slots)
}

// reserve reads each key's next start, takes the latest (or now) as the
// request's start and moves every key past it. A key written by another
// worker in between makes the round start again; keys moved before the
// conflict stay moved (a turn lost, never one taken twice).
func (p *pacer) reserve(ctx context.Context, slots []fetch.Slot) (time.Time, error) {
	keys := make([]string, len(slots))
	revs := make([]uint64, len(slots))
	for i, s := range slots {
		keys[i] = kvKey(s.Key)
	}
	for range maxTries {
		start := time.Now()
		for i, k := range keys {
			e, err := p.pace.Get(ctx, k)
			switch {
			case absent(err):
				revs[i] = 0
				continue
			case err != nil:
				return time.Time{}, fmt.Errorf("pace %s: %w", k, err)
			}
			revs[i] = e.Revision()
			if next, err := strconv.ParseInt(string(e.Value()), 10, 64); err == nil {
				start = later(start, time.Unix(0, next))
			}
		}
		won, err := p.move(ctx, keys, revs, slots, start)
		if err != nil {
			return time.Time{}, err
		}
		if won {
			return start, nil
		}
	}
	return time.Time{}, fmt.Errorf("pace %v: still contended after %d rounds", keys, maxTries)
}

// move sets each key to start plus its interval, if no other worker wrote
// it since it was read; it reports false on such a conflict.
func (p *pacer) move(ctx context.Context, keys []string, revs []uint64, slots []fetch.Slot, start time.Time) (bool, error) {
	for i, k := range keys {
		val := []byte(strconv.FormatInt(start.Add(slots[i].Interval).UnixNano(), 10))
		var err error
		if revs[i] == 0 {
			_, err = p.pace.Create(ctx, k, val)
		} else {
			_, err = p.pace.Update(ctx, k, val, revs[i])
		}
		switch {
		case conflict(err):
			return false, nil
		case err != nil:
			return false, fmt.Errorf("pace %s: %w", k, err)
		}
	}
	return true, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
