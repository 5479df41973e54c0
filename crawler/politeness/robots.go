package politeness

import (
	"context"
	"encoding/json"
	"fmt"

	"gongkai/crawler/fetch"
)

// Robots returns the fetch.RobotsShare of an audit: the first worker to
// need a host's robots.txt fetches it, the others wait for its answer.
func (c *Cluster) Robots(auditID string) fetch.RobotsShare {
	return &robotsShare{c: c, audit: kvKey(auditID)}
}

type robotsShare struct {
	c     *Cluster
	audit string
}

func (s *robotsShare) key(key string) string { return s.audit + "/" + kvKey(key) }

// Claim implements fetch.RobotsShare.
func (s *robotsShare) Claim(ctx context.Context, key string) (fetch.RobotsAnswer, bool, error) {
	raw, mine, err := s.c.claim(ctx, s.c.robots, s.key(key))
	if err != nil || mine {
		return fetch.RobotsAnswer{}, mine, err
	}
	var ans fetch.RobotsAnswer
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fetch.RobotsAnswer{}, false, fmt.Errorf("robots answer %s: %w", key, err)
	}
	return ans, false, nil
}

// Put implements fetch.RobotsShare.
func (s *robotsShare) Put(ctx context.Context, key string, ans fetch.RobotsAnswer) error {
	return s.c.settle(ctx, s.c.robots, s.key(key), ans)
}

// Release implements fetch.RobotsShare.
func (s *robotsShare) Release(ctx context.Context, key string) error {
	return s.c.release(ctx, s.c.robots, s.key(key))
}
