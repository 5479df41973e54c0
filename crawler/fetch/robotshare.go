package fetch

import (
	"context"
	"errors"
	"fmt"

	"gongkai/crawler/snapshot"
)

// A RobotsShare shares the robots.txt answers of one audit among the
// Clients of its workers, so that a host's robots.txt is fetched once per
// audit however many workers crawl sites on it (crawler/politeness keeps
// them in NATS JetStream KV). Keys are "scheme://host".
type RobotsShare interface {
	// Claim returns the answer another Client put for key, waiting while
	// one is fetching it, or mine=true when the caller is to fetch it and
	// then Put it or Release the claim. A share that cannot answer (its
	// server down) reports mine: the caller fetches.
	Claim(ctx context.Context, key string) (ans RobotsAnswer, mine bool)
	// Put shares the answer of a claim.
	Put(ctx context.Context, key string, ans RobotsAnswer)
	// Release gives up a claim without an answer: the next Claim is mine.
	Release(ctx context.Context, key string)
}

// RobotsAnswer is what a host answered for its robots.txt: an HTTP status
// and body, or a redirect chain without end (Status too_many_redirects or
// bad_redirect, Error saying how). A robots.txt that could not be reached
// at all is not an answer: each worker finds that out itself.
type RobotsAnswer struct {
	Status     snapshot.Status `json:"status"`
	Error      string          `json:"error,omitempty"`
	HTTPStatus int             `json:"http_status,omitempty"`
	Body       []byte          `json:"body,omitempty"` // at most 500 KiB
	Bytes      int64           `json:"bytes,omitempty"`
	Truncated  bool            `json:"truncated,omitempty"`
}

// ForAudit returns a Client that shares c's connections, politeness state
// and addresses, with a robots.txt cache of its own read through share
// (nil: fetched by this Client alone). A worker serving jobs of many
// audits makes one per audit: robots.txt is read once per host per audit.
func (c *Client) ForAudit(share RobotsShare) *Client {
	cp := *c
	cp.robots = newRobotsCache(share)
	return &cp
}

// robotsAnswer returns key's robots.txt answer: the one another worker of
// the audit shared, or fetched here (and shared when the host answered).
// The error is the request's, when it failed.
func (c *Client) robotsAnswer(ctx context.Context, key string) (RobotsAnswer, error) {
	share := c.robots.share
	if share == nil {
		return c.fetchRobots(ctx, key)
	}
	if shared, mine := share.Claim(ctx, key); !mine {
		return shared, shared.err()
	}
	ans, err := c.fetchRobots(ctx, key)
	if ans.Status == "" {
		// No answer (unreachable, or ctx ended): nothing to share.
		share.Release(ctx, key)
	} else {
		share.Put(ctx, key, ans)
	}
	return ans, err
}

// fetchRobots requests key's robots.txt, at most 500 KiB of it.
func (c *Client) fetchRobots(ctx context.Context, key string) (RobotsAnswer, error) {
	resp, err := c.Fetch(ctx, Request{URL: key + "/robots.txt", Raw: true, MaxBody: maxRobotsBytes})
	if err != nil {
		switch st := Classify(err); {
		case ctx.Err() != nil:
		case st == snapshot.StatusTooManyRedirs || st == snapshot.StatusBadRedirect:
			return RobotsAnswer{Status: st, Error: err.Error()}, err
		}
		return RobotsAnswer{}, err
	}
	return RobotsAnswer{
		Status: snapshot.StatusOK, HTTPStatus: resp.Status,
		Body: resp.Body, Bytes: resp.Bytes, Truncated: resp.Truncated,
	}, nil
}

// err returns the error of a shared answer's request, rebuilt so that
// Classify reads it as the worker that fetched it did.
func (a RobotsAnswer) err() error {
	switch a.Status {
	case snapshot.StatusTooManyRedirs:
		return fmt.Errorf("%s: %w", a.Error, ErrTooManyRedirects)
	case snapshot.StatusBadRedirect:
		return fmt.Errorf("%s: %w", a.Error, ErrBadRedirect)
	case "", snapshot.StatusOK:
		return nil
	}
	return errors.New(a.Error)
}
