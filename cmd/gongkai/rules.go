package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"gongkai/checks"
)

// runRules implements "gongkai rules check FILE" and "gongkai rules list".
func runRules(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: gongkai rules check FILE | gongkai rules list [--rules FILE]")
		return errUsage
	}
	switch args[0] {
	case "check":
		if len(args) != 2 {
			fmt.Fprintln(e.stderr, "usage: gongkai rules check FILE")
			return errUsage
		}
		cat, err := checks.LoadFile(args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: ok, %d rules, version %s\n", args[1], len(cat.Rules), cat.Version)
		return nil
	case "list":
		fs := newFlagSet("rules list", e.stderr)
		rulesFile := fs.String("rules", "", "rule catalog `FILE` (default: the embedded catalog)")
		if err := parseFlags(fs, args[1:], 0); err != nil {
			return err
		}
		cat, err := loadCatalog(*rulesFile)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tEFFECT\tPOINTS\tCAP\tLEVEL\tTITLE")
		for _, r := range cat.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%g\t%g\t%s\t%s\n", r.ID, r.Kind, r.Effect, r.Points, r.Cap, r.Verification, r.TitleZh)
		}
		return tw.Flush()
	default:
		fmt.Fprintf(e.stderr, "gongkai rules: unknown subcommand %q (want check or list)\n", args[0])
		return errUsage
	}
}

// loadCatalog returns the embedded catalog, or the one in path.
func loadCatalog(path string) (*checks.Catalog, error) {
	if path == "" {
		return checks.Default(), nil
	}
	return checks.LoadFile(path)
}
