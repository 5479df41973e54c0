package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"gongkai/datasets"
)

// printScores writes the scorecard of a published release: one line per
// site with its crawl status, pages, score, grade and failed veto rules.
func printScores(w io.Writer, dir, releaseID string) error {
	rel, err := datasets.Load(dir, releaseID, datasets.TableSites, datasets.TableScores, datasets.TableFindings)
	if err != nil {
		return err
	}
	failed := map[string]int{}
	for _, f := range rel.Findings {
		if f.Outcome == "fail" {
			failed[f.SiteID]++
		}
	}
	scores := map[string]datasets.ScoreRow{}
	for _, s := range rel.Scores {
		scores[s.SiteID] = s
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nSITE\tNAME\tCRAWL\tPAGES\tSCORE\tGRADE\tFAILED\tVETO")
	for _, s := range rel.Sites {
		sc := scores[s.SiteID]
		score := "-"
		if sc.Score != nil {
			score = fmt.Sprintf("%.1f", *sc.Score)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\n", s.SiteID, s.Name, s.CrawlStatus,
			s.PagesCrawled, score, sc.Grade, failed[s.SiteID], strings.Join(sc.VetoRules, ","))
	}
	return tw.Flush()
}
