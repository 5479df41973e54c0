package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"gongkai/crawler"
	"gongkai/crawler/blindweb"
)

// knownMissesFile lists the blind web's site × rule outcomes that the
// code does not yet get right, one "site rule want got" per line.
const knownMissesFile = "testdata/blindweb_known_misses.txt"

// TestBlindWebOutcomes audits the blind web (crawler/blindweb: agency
// sites written without reading the extraction code) with --render auto
// and compares every site × rule outcome with what its pages call for.
// It logs the agreement table; it fails on any disagreement that
// testdata/blindweb_known_misses.txt does not list, and on any listed
// miss that now agrees (remove it: the list only shrinks).
//
// Print the table: go test ./cmd/gongkai -run TestBlindWebOutcomes -v
func TestBlindWebOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end audit")
	}
	needChromium(t)
	web := blindweb.Start(t)
	rel := auditLoopback(t.Context(), t, loopbackWeb{sites: web.SitesCSV(), dns: web.DNSAddr, roots: web.RootCAs(), asOf: web.AsOf}, crawler.RenderAuto)
	want, got := web.Expected(), ruleOutcomes(rel)
	sites := make([]string, 0, len(web.Sites))
	for _, s := range web.Sites {
		sites = append(sites, s.ID)
	}
	table, misses := agreementTable(sites, web.RuleIDs(), want, got)
	t.Logf("blind web outcomes (lower case: agrees; WANT>GOT: differs; p pass, f fail, n not_applicable, e error, - none)\n%s", table)

	known, err := readKnownMisses(knownMissesFile)
	if err != nil {
		t.Fatal(err)
	}
	var unexpected, fixed []string
	for _, m := range misses {
		if !known[m] {
			unexpected = append(unexpected, m+evidence(rel, strings.Fields(m)[0], strings.Fields(m)[1]))
		}
	}
	for m := range known {
		if !slices.Contains(misses, m) {
			fixed = append(fixed, m)
		}
	}
	slices.Sort(fixed)
	if len(unexpected) > 0 {
		t.Errorf("%d disagreements not in %s:\n%s", len(unexpected), knownMissesFile, strings.Join(unexpected, "\n"))
	}
	if len(fixed) > 0 {
		t.Errorf("%d misses in %s no longer happen; remove them:\n%s", len(fixed), knownMissesFile, strings.Join(fixed, "\n"))
	}
	if t.Failed() {
		t.Logf("the disagreements of this run, in the format of %s:\n%s", knownMissesFile, strings.Join(misses, "\n"))
	}
}

// agreementTable renders want against got, rules down and sites across,
// with counts per rule, per site and overall; misses are the
// disagreements as "site rule want got", sorted.
func agreementTable(sites, rules []string, want, got map[string]map[string]string) (string, []string) {
	letter := map[string]string{"pass": "p", "fail": "f", "not_applicable": "n", "error": "e", "": "-"}
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s %7s", "rule", "agree")
	for _, s := range sites {
		fmt.Fprintf(&b, " %9s", s)
	}
	b.WriteString("\n")
	siteAgree := map[string]int{}
	var misses []string
	total := 0
	for _, r := range rules {
		var cells strings.Builder
		agree := 0
		for _, s := range sites {
			w, g := want[s][r], got[s][r]
			cell := letter[w]
			if w == g {
				agree++
				siteAgree[s]++
			} else {
				cell = strings.ToUpper(letter[w]) + ">" + strings.ToUpper(letter[g])
				if g == "" {
					g = "none"
				}
				misses = append(misses, fmt.Sprintf("%s %s %s %s", s, r, w, g))
			}
			fmt.Fprintf(&cells, " %9s", cell)
		}
		total += agree
		fmt.Fprintf(&b, "%-26s %3d/%-3d%s\n", r, agree, len(sites), cells.String())
	}
	fmt.Fprintf(&b, "%-26s %7s", "agree", "")
	for _, s := range sites {
		fmt.Fprintf(&b, " %9s", fmt.Sprintf("%d/%d", siteAgree[s], len(rules)))
	}
	cellsTotal := len(sites) * len(rules)
	fmt.Fprintf(&b, "\nagreement: %d of %d site×rule outcomes (%.1f%%)\n", total, cellsTotal, 100*float64(total)/float64(cellsTotal))
	slices.Sort(misses)
	return b.String(), misses
}

// readKnownMisses reads the known-misses file: "site rule want got" lines;
// blank lines and lines starting with # are skipped.
func readKnownMisses(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read known misses: %w", err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 4 {
			return nil, fmt.Errorf("read known misses: %s:%d: want \"site rule want got\", got %q", path, n, line)
		}
		out[strings.Join(fields, " ")] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read known misses: %w", err)
	}
	return out, nil
}
