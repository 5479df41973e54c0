package main

import (
	"net/url"
	"sync/atomic"

	"github.com/gocolly/colly/v2"
)

// crawlColly is colly v2 as its documentation shows it: an async
// collector limited to the site's host, parallelism workers, and
// OnHTML("a[href]") visiting every link.
func crawlColly(home string, workers int) (int, error) {
	u, err := url.Parse(home)
	if err != nil {
		return 0, err
	}
	c := colly.NewCollector(colly.Async(true), colly.AllowedDomains(u.Hostname()))
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: workers}); err != nil {
		return 0, err
	}
	var pages atomic.Int64
	c.OnResponse(func(*colly.Response) { pages.Add(1) })
	c.OnHTML("a[href]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) })
	if err := c.Visit(home); err != nil {
		return 0, err
	}
	c.Wait()
	return int(pages.Load()), nil
}
