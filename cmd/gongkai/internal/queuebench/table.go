package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// table collects a scenario's measures and prints them as Markdown.
type table struct {
	s      scenario
	flags  []string
	base   measure // the in-process audit
	queues []queueRun
}

// queueRun is the measure of a queued audit on n workers.
type queueRun struct {
	n int
	m measure
}

func newTable(s scenario, flags []string) *table { return &table{s: s, flags: flags} }

func (t *table) inProcess(m measure) { t.base = m }

func (t *table) queued(n int, m measure) { t.queues = append(t.queues, queueRun{n, m}) }

// one is the measure on one worker, nil when it was not run.
func (t *table) one() *measure {
	for i := range t.queues {
		if t.queues[i].n == 1 {
			return &t.queues[i].m
		}
	}
	return nil
}

// print writes the scenario's table and its queue overhead.
func (t *table) print(w io.Writer) {
	fmt.Fprintf(w, "\n### %s: %d sites × %d pages, server latency %v\n\n", t.s.name, t.s.sites, t.s.pages+1, t.s.latency)
	fmt.Fprintf(w, "audit flags: %s\n\n", strings.Join(t.flags[2:], " "))
	fmt.Fprintln(w, "| run | sites at once | wall | sites/s | speed-up over 1 worker | vs in-process | CPU per site (coordinator + workers + nats) | load 1 min before → after |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- |")
	fmt.Fprintf(w, "| in-process | %d | %s | %s | | | %s | %s |\n",
		sitesAtOnce, secs(t.base.wall), t.rate(t.base), t.perSite(t.base.cpu()), load(t.base))
	for _, q := range t.queues {
		n, m := q.n, q.m
		fmt.Fprintf(w, "| --queue, %d worker(s) | %d × %d | %s | %s | %s | %+.1f%% | %s (%s + %s + %s) | %s |\n",
			n, n, sitesAtOnce, secs(m.wall), t.rate(m), t.speedUp(m), pct(m.wall, t.base.wall),
			t.perSite(m.cpu()), t.perSite(m.coordinator), t.perSite(m.workers), t.perSite(m.nats), load(m))
	}
	if one := t.one(); one != nil {
		fmt.Fprintf(w, "\nqueue overhead (1 worker beside in-process, %d sites at once each): wall %+.1f%%, CPU %+.1f ms per site (%+.1f%%)\n",
			sitesAtOnce, pct(one.wall, t.base.wall), ms(one.cpu()-t.base.cpu())/float64(t.s.sites), pct(one.cpu(), t.base.cpu()))
	}
}

func (t *table) rate(m measure) string {
	return fmt.Sprintf("%.2f", float64(t.s.sites)/m.wall.Seconds())
}

func (t *table) perSite(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", ms(d)/float64(t.s.sites))
}

func (t *table) speedUp(m measure) string {
	one := t.one()
	if one == nil {
		return ""
	}
	return fmt.Sprintf("%.2f×", one.wall.Seconds()/m.wall.Seconds())
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func pct(a, b time.Duration) float64 { return 100 * (a.Seconds()/b.Seconds() - 1) }

func load(m measure) string { return fmt.Sprintf("%.1f → %.1f", m.load[0], m.load[1]) }
