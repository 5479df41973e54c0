package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"gongkai/crawler/objstore"
)

// publishUsage is the help of --publish, on every command that publishes
// a release.
const publishUsage = "then copy the releases to shared storage `URL` (a directory, file:///path or s3://bucket/prefix), latest.json last, for gongkai pull on the portal machine"

// checkStoreURL validates a storage URL flag (without opening the store).
func checkStoreURL(flagName, v string) error {
	if v == "" {
		return nil
	}
	if err := objstore.CheckURL(v); err != nil {
		return fmt.Errorf("flag --%s: %w", flagName, err)
	}
	return nil
}

// runPush implements "gongkai push": copy the releases of --out to shared
// storage, as audit --publish does after an audit (and again when that
// copy failed).
func runPush(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("push", e.stderr)
	out := fs.String("out", "", "`DIR` holding releases/ (the --out of an audit)")
	to := fs.String("to", "", "shared storage `URL`: a directory, file:///path or s3://bucket/prefix")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	var errs []error
	if *out == "" {
		errs = append(errs, errors.New("flag --out is required"))
	}
	if *to == "" {
		errs = append(errs, errors.New("flag --to is required"))
	}
	if err := errors.Join(append(errs, checkStoreURL("to", *to))...); err != nil {
		return err
	}
	p, err := openPublisher(ctx, *to)
	if err != nil {
		return err
	}
	return p.push(ctx, e, *out)
}

// pullFlags are the flags of "gongkai pull".
type pullFlags struct {
	from  string
	data  string
	every time.Duration
}

func (f *pullFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.from, "from", "", "shared storage `URL` the releases are published to (audit --publish): a directory, file:///path or s3://bucket/prefix")
	fs.StringVar(&f.data, "data", "", "data `DIR` to copy them into (the --data of gongkai serve)")
	fs.DurationVar(&f.every, "every", 0, "pull again every `INTERVAL` until SIGINT or SIGTERM (0: once)")
}

func (f *pullFlags) validate() error {
	var errs []error
	if f.from == "" {
		errs = append(errs, errors.New("flag --from is required"))
	}
	if f.data == "" {
		errs = append(errs, errors.New("flag --data is required"))
	}
	if err := checkStoreURL("from", f.from); err != nil {
		errs = append(errs, err)
	}
	if f.every != 0 && f.every < time.Second {
		errs = append(errs, fmt.Errorf("flag --every: want 0 (once) or 1s or more, got %v", f.every))
	}
	return errors.Join(errs...)
}

// runPull implements "gongkai pull": copy the releases published to
// shared storage into --data, once or --every interval, for gongkai serve
// --data, which switches to a new release when latest.json changes.
func runPull(ctx context.Context, e *env, args []string) error {
	var f pullFlags
	fs := newFlagSet("pull", e.stderr)
	f.register(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	st, err := objstore.Open(ctx, f.from)
	if err != nil {
		return fmt.Errorf("flag --from: %w", err)
	}
	if f.every == 0 {
		return pull(ctx, e, st, f.data)
	}
	for {
		if err := pull(ctx, e, st, f.data); err != nil && ctx.Err() == nil {
			e.logger.Error("pull failed; trying again", "from", st.String(), "every", f.every, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(f.every):
		}
	}
}
