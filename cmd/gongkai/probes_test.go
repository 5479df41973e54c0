package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// TestJudgeWithProbeHistory: the scheduled probes of the week before a
// site's crawl ended decide site-unreachable and are published in the
// probes table; probes outside the week are neither.
func TestJudgeWithProbeHistory(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	var end time.Time
	for s, err := range snapshot.Snapshots(goldenAudit) {
		if err != nil {
			t.Fatal(err)
		}
		if s.Site.ID == "shifan" {
			end = s.FinishedAt
		}
	}
	log, err := snapshot.OpenProbeLog(out)
	if err != nil {
		t.Fatal(err)
	}
	var samples []snapshot.ProbeSample
	// A week of probes every 30 minutes: shifan (whose crawl went well)
	// failed one in ten, gbk one in fifty.
	for i := range 7 * 48 {
		at := end.Add(-time.Duration(i)*30*time.Minute - time.Minute)
		st := func(every int) snapshot.Status {
			if i%every == 0 {
				return snapshot.StatusTimeout
			}
			return snapshot.StatusOK
		}
		samples = append(samples,
			snapshot.ProbeSample{SiteID: "shifan", At: at, Family: "ipv4", Status: st(10), Duration: time.Second},
			snapshot.ProbeSample{SiteID: "gbk", At: at, Family: "ipv4", Status: st(50), Duration: time.Second})
	}
	old := snapshot.ProbeSample{SiteID: "shifan", At: end.AddDate(0, 0, -9), Family: "ipv4", Status: snapshot.StatusOK}
	if err := log.Append(append(samples, old)...); err != nil {
		t.Fatal(err)
	}
	id, err := judgeAndPublish(context.Background(), goldenAudit, out, checks.Default(), asOf, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := datasets.Load(out, id, datasets.TableFindings, datasets.TableScores, datasets.TableProbes)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rel.Findings {
		if f.RuleID == "site-unreachable" {
			got[f.SiteID] = f.Outcome + " " + f.Message
		}
	}
	if !strings.HasPrefix(got["shifan"], "fail ") || !strings.Contains(got["shifan"], "首页定时探测336次，超过15秒仍打不开34次") {
		t.Errorf("shifan: %s", got["shifan"])
	}
	if !strings.HasPrefix(got["gbk"], "pass ") || !strings.Contains(got["gbk"], "打不开7次") {
		t.Errorf("gbk: %s", got["gbk"])
	}
	if !strings.HasPrefix(got["deadlinks"], "pass 首页可以访问") {
		t.Errorf("deadlinks, without probes, judged on its crawl: %s", got["deadlinks"])
	}
	for _, s := range rel.Scores {
		if s.SiteID == "shifan" && (!s.Veto || s.VetoRules[0] != "site-unreachable") {
			t.Errorf("shifan score: %+v", s)
		}
	}
	perSite := map[string]int{}
	for _, p := range rel.Probes {
		perSite[p.SiteID]++
	}
	if perSite["shifan"] != 336 || perSite["gbk"] != 336 || len(perSite) != 2 {
		t.Errorf("probes published: %v", perSite)
	}
}
