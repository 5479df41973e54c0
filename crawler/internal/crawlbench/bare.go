package main

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/net/html"
)

// crawlBare is the smallest honest crawler: a worker pool over a channel
// queue, a map seen-set, net/http with enough idle connections, and the
// x/net/html tokenizer picking a[href]. No politeness, no robots.txt, no
// page facts: the machine's practical limit.
func crawlBare(home string, workers int) (int, error) {
	base, err := url.Parse(home)
	if err != nil {
		return 0, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxIdleConns: workers}}
	var (
		mu      sync.Mutex
		seen    = map[string]bool{home: true}
		pending sync.WaitGroup
		pages   int
		queue   = make(chan string, 1<<16)
		backlog []string // when the channel is full
	)
	enqueue := func(u string) {
		pending.Add(1)
		select {
		case queue <- u:
		default:
			mu.Lock()
			backlog = append(backlog, u)
			mu.Unlock()
		}
	}
	next := func() (string, bool) {
		select {
		case u, ok := <-queue:
			return u, ok
		default:
		}
		mu.Lock()
		if n := len(backlog); n > 0 {
			u := backlog[n-1]
			backlog = backlog[:n-1]
			mu.Unlock()
			return u, true
		}
		mu.Unlock()
		u, ok := <-queue
		return u, ok
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				u, ok := next()
				if !ok {
					return
				}
				links := fetchLinks(client, u)
				mu.Lock()
				pages++
				var fresh []string
				for _, l := range links {
					if !seen[l] {
						seen[l] = true
						fresh = append(fresh, l)
					}
				}
				mu.Unlock()
				for _, l := range fresh {
					if r, err := base.Parse(l); err == nil && r.Host == base.Host {
						enqueue(l)
					}
				}
				pending.Done()
			}
		})
	}
	enqueue(home)
	pending.Wait()
	close(queue)
	wg.Wait()
	return pages, nil
}

// fetchLinks GETs u and returns the absolute URLs of its a[href].
func fetchLinks(client *http.Client, u string) []string {
	resp, err := client.Get(u)
	if err != nil {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil
	}
	page, err := url.Parse(u)
	if err != nil {
		return nil
	}
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if len(name) != 1 || name[0] != 'a' || !hasAttr {
				continue
			}
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" {
					if r, err := page.Parse(string(v)); err == nil {
						r.Fragment = ""
						out = append(out, r.String())
					}
				}
				if !more {
					break
				}
			}
		}
	}
}
