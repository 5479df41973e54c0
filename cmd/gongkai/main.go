// Command gongkai audits government websites for disclosure compliance and
// publishes what it finds as open data.
//
//	gongkai audit   --sites FILE --out DIR [flags]   crawl, judge and publish a release
//	gongkai demo    [--out DIR]                      the same on the built-in sample agency web
//	gongkai rescore --out DIR [--audit ID] [--rules FILE] [--as-of DATE] [--publish URL]
//	gongkai diff    --out DIR A B                    what changed between two releases
//	gongkai report  --data DIR --format html|pdf|md --out PATH   evaluator reports
//	gongkai rules   check FILE | list [--rules FILE]
//	gongkai serve   --data DIR [--addr 127.0.0.1:8080]  the portal, API, catalogs and downloads
//	gongkai worker  --queue nats://HOST:PORT --store URL  crawl the sites of distributed audits (audit --queue)
//	gongkai push    --out DIR --to URL                 copy the releases to shared storage (what audit --publish does)
//	gongkai pull    --from URL --data DIR [--every 1m] copy the releases published there, for serve --data DIR
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks an error already explained by a usage message.
var errUsage = errors.New("usage")

// command is one subcommand: it parses its own flags from args.
type command func(ctx context.Context, env *env, args []string) error

// env is what every subcommand gets: output streams and the logger.
type env struct {
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}

func commands() map[string]command {
	return map[string]command{
		"audit":   runAudit,
		"demo":    runDemo,
		"rescore": runRescore,
		"diff":    runDiff,
		"rules":   runRules,
		"report":  runReport,
		"serve":   runServe,
		"worker":  runWorker,
		"push":    runPush,
		"pull":    runPull,
		"version": func(_ context.Context, e *env, _ []string) error {
			fmt.Fprintln(e.stdout, "gongkai", version)
			return nil
		},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gongkai: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	// The first SIGINT or SIGTERM ends ctx: the audit stops, publishes what
	// it did and exits non-zero. A second one is not caught and kills.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	e := &env{
		stdout: stdout,
		stderr: stderr,
		logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel()})),
	}
	if err := cmd(ctx, e, args[1:]); err != nil {
		if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		fmt.Fprintf(stderr, "gongkai %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("GONGKAI_LOG"))); err != nil {
		return slog.LevelWarn
	}
	return l
}

func usage(w io.Writer) {
	fmt.Fprint(w, `gongkai audits government websites for disclosure compliance (政务公开) and
publishes the result as open data (Parquet/CSV releases).

Usage:
  gongkai audit   --sites FILE --out DIR [--as-of YYYY-MM-DD] [--render auto|always|never]
                  [--resolver HOST:PORT] [--allow-private] [--rules FILE]
                  [--max-pages N] [--max-depth N] [--rate R] [--ip-rate R] [--resume]
                  [--site-timeout 20m] [--timeout D] [--max-bytes 512MiB] [--max-page-bytes 8MiB]
                  [--queue nats://HOST:PORT --store URL [--attempts 3]] [--publish URL]
  gongkai worker  --queue nats://HOST:PORT --store URL [--resolver HOST:PORT] [--allow-private]
                  [--sites-at-once 4] [--ack-wait 1m] [--work DIR] [--metrics-addr HOST:PORT]
  gongkai demo    [--out DIR] [--as-of YYYY-MM-DD] [--render auto|always|never]
  gongkai rescore --out DIR [--audit ID] [--rules FILE] [--as-of YYYY-MM-DD] [--publish URL]
  gongkai diff    --out DIR RELEASE_A RELEASE_B
  gongkai report  --data DIR [--release ID] [--site ID] --format html|pdf|md
                  [--lang zh|en] --out PATH (a file; a directory ending in / for every site)
  gongkai rules   check FILE
  gongkai rules   list [--rules FILE]
  gongkai serve   --data DIR [--addr 127.0.0.1:8080] [--token-file FILE] [--poll 2s]
  gongkai push    --out DIR --to URL
  gongkai pull    --from URL --data DIR [--every 1m]
  gongkai version

Run "gongkai COMMAND -h" for the flags of one command.
`)
}
