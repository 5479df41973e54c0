package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"strconv"
	"strings"
	"time"
)

// dateFlag is a YYYY-MM-DD flag value; zero means "today".
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d *dateFlag) Set(s string) error {
	t, err := time.ParseInLocation(time.DateOnly, s, time.UTC)
	if err != nil {
		return fmt.Errorf("want a date like 2026-11-20, got %q", s)
	}
	d.t = t
	return nil
}

// orToday returns the date, or today's date in China Standard Time (UTC+8)
// when unset: "today" for an audit of Chinese sites is Beijing's today.
func (d *dateFlag) orToday(now time.Time) time.Time {
	if !d.t.IsZero() {
		return d.t
	}
	cst := now.In(time.FixedZone("CST", 8*3600))
	return time.Date(cst.Year(), cst.Month(), cst.Day(), 0, 0, 0, 0, time.UTC)
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gongkai "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// parseFlags parses args and refuses positional leftovers unless allowed.
func parseFlags(fs *flag.FlagSet, args []string, positional int) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > positional {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(positional))
		return errUsage
	}
	return nil
}

// checkHostPort validates a --resolver value.
func checkHostPort(flagName, v string) error {
	if v == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("flag --%s: want HOST:PORT, got %q", flagName, v)
	}
	return nil
}

// oneOf validates an enumerated flag.
func oneOf(flagName, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("flag --%s: want one of %s, got %q", flagName, strings.Join(allowed, "|"), v)
}

// byteSize is a size flag: a number of bytes with an optional unit (KB,
// MB, GB in powers of 1000; KiB, MiB, GiB in powers of 1024), e.g. 512MiB.
type byteSize int64

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

func (b *byteSize) String() string {
	switch n := int64(*b); {
	case n != 0 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n != 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	default:
		return strconv.FormatInt(n, 10)
	}
}

func (b *byteSize) Set(s string) error {
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return fmt.Errorf("want a size like 512MiB or 0, got %q", s)
	}
	*b = byteSize(n * mult)
	return nil
}

// ipRateFlag is --ip-rate: requests per second per IP address, 0 for no
// per-address limit; unset leaves the fetch client's default (four hosts'
// worth of --rate).
type ipRateFlag struct {
	v   float64
	set bool
}

func (r *ipRateFlag) String() string {
	if r == nil || !r.set {
		return ""
	}
	return strconv.FormatFloat(r.v, 'g', -1, 64)
}

func (r *ipRateFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Errorf("want 0 (no per-address limit) or more requests per second, got %q", s)
	}
	r.v, r.set = v, true
	return nil
}

// fetchIPRate maps the flag to fetch.Config.IPRate (0: the default,
// negative: none).
func (r ipRateFlag) fetchIPRate() float64 {
	switch {
	case !r.set:
		return 0
	case r.v == 0:
		return -1
	}
	return r.v
}
