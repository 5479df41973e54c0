package main

import (
	"context"
	"fmt"

	"gongkai/datasets"
)

// runDiff implements "gongkai diff": findings that appeared or were
// resolved, and score and grade changes per site, between two releases.
func runDiff(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("diff", e.stderr)
	out := fs.String("out", "", "output `DIR` holding releases/")
	if err := parseFlags(fs, args, 2); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 2 {
		fmt.Fprintln(e.stderr, "usage: gongkai diff --out DIR RELEASE_A RELEASE_B (\"latest\" names the newest)")
		return errUsage
	}
	a, err := datasets.Load(*out, fs.Arg(0))
	if err != nil {
		return err
	}
	b, err := datasets.Load(*out, fs.Arg(1))
	if err != nil {
		return err
	}
	return datasets.Diff(a, b).WriteText(e.stdout)
}
