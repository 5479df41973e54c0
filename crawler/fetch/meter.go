package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// ErrByteBudget is wrapped by the error of a request whose Meter ran out:
// the group of requests it belongs to (one site's) has received its byte
// budget.
var ErrByteBudget = errors.New("byte budget spent")

// Meter counts the bytes received by a group of requests (the crawl of one
// site: its pages, robots.txt, link checks and the browser's requests) and
// stops them when a budget is spent, so that a site of endless pages
// cannot download gigabytes. It is safe for concurrent use.
type Meter struct {
	limit int64
	used  atomic.Int64
	once  sync.Once
	spent func() // called once when the budget is spent
}

// NewMeter returns a Meter that allows limit bytes (0 or less: no limit)
// and calls spent, once, when a request takes the count past it. Requests
// of the group fail with ErrByteBudget from then on.
func NewMeter(limit int64, spent func()) *Meter {
	return &Meter{limit: limit, spent: spent}
}

// Bytes returns the bytes counted so far: response headers (approximated
// from their lines) and bodies as received on the wire, before content
// decoding.
func (m *Meter) Bytes() int64 {
	if m == nil {
		return 0
	}
	return m.used.Load()
}

// Spent reports whether the budget is spent.
func (m *Meter) Spent() bool {
	return m != nil && m.limit > 0 && m.used.Load() >= m.limit
}

// add counts n bytes and reports ErrByteBudget once the budget is spent.
func (m *Meter) add(n int64) error {
	if m == nil {
		return nil
	}
	used := m.used.Add(n)
	if m.limit <= 0 || used < m.limit {
		return nil
	}
	if m.spent != nil {
		m.once.Do(m.spent)
	}
	return fmt.Errorf("%w (%d bytes)", ErrByteBudget, m.limit)
}

type meterKey struct{}

// WithMeter returns a context whose requests are counted by m.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// meterOf returns the Meter of ctx, or nil.
func meterOf(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}

// headerBytes approximates the size of a response head on the wire.
func headerBytes(res *http.Response) int64 {
	n := int64(len(res.Status) + 12)
	for k, vs := range res.Header {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}

// meteredBody counts the bytes read from a response body.
type meteredBody struct {
	io.ReadCloser
	m *Meter
}

func (b *meteredBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if merr := b.m.add(int64(n)); merr != nil && err == nil {
		err = merr
	}
	return n, err
}
