package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"gongkai/api"
)

// envToken names the environment variable holding the API token (used
// when --token-file is not given).
const envToken = "GONGKAI_TOKEN"

// serveFlags are the flags of "gongkai serve".
type serveFlags struct {
	data      string
	addr      string
	tokenFile string
	poll      time.Duration
	rateLimit float64
	ops       monitorFlags
}

// runServe implements "gongkai serve": the portal, API, catalogs and
// downloads of the releases in --data, until SIGINT or SIGTERM.
func runServe(ctx context.Context, e *env, args []string) error {
	var f serveFlags
	fs := newFlagSet("serve", e.stderr)
	f.register(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	token, err := readToken(f.tokenFile)
	if err != nil {
		return err
	}
	ops, err := newOperations(e, &f.ops, f.data, nil)
	if err != nil {
		return err
	}
	srv, err := api.New(ctx, api.Options{
		Data:       f.data,
		Logger:     e.logger,
		Poll:       f.poll,
		Token:      token,
		RateLimit:  f.rateLimit,
		Observe:    ops.observe(),
		StartAudit: ops.startAudit(),
	})
	if err != nil {
		return err
	}
	ops.mount(srv)
	return ops.serve(ctx, srv, f.addr)
}

// serveUntilDone serves srv on addr and prints its URL.
func serveUntilDone(ctx context.Context, e *env, srv *api.Server, addr string) error {
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", srv.Store().Dir(), ln.Addr())
	return srv.Serve(ctx, ln)
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "", "data `DIR` (the --out of an audit, or gongkai pull's --data: holds releases/)")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.StringVar(&f.tokenFile, "token-file", "", "`FILE` holding the bearer token of POST /api/v1/audits and /probe (default: $"+envToken+"; none: disabled)")
	fs.DurationVar(&f.poll, "poll", 2*time.Second, "how often to look for a new release")
	fs.Float64Var(&f.rateLimit, "rate-limit", 20, "API requests per second per client (negative: no limit)")
	f.ops.register(fs)
}

func (f *serveFlags) validate() error {
	var errs []error
	if f.data == "" {
		errs = append(errs, errors.New("flag --data is required"))
	} else if fi, err := os.Stat(f.data); err != nil || !fi.IsDir() {
		errs = append(errs, fmt.Errorf("flag --data: %s is not a directory", f.data))
	}
	if err := checkHostPort("addr", f.addr); err != nil {
		errs = append(errs, err)
	}
	if err := f.ops.validate(); err != nil {
		errs = append(errs, err)
	}
	if f.poll <= 0 {
		errs = append(errs, fmt.Errorf("flag --poll: want a positive duration, got %s", f.poll))
	}
	return errors.Join(errs...)
}

// readToken reads the API token from file, or from $GONGKAI_TOKEN.
func readToken(file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv(envToken)), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("flag --token-file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("flag --token-file: %s is empty", file)
	}
	return tok, nil
}
