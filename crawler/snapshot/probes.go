package snapshot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// ProbesDir is the folder of the probe log in an output directory,
// OUT/probes/<YYYY-MM-DD>.jsonl: one file per UTC day, one ProbeSample a
// line, appended by the scheduled homepage probes of `gongkai serve`.
const ProbesDir = "probes"

// ProbeSample is one scheduled probe of a site's homepage over one IP
// family: the raw observation the 2019 indicator's one-week availability
// judgement is made from (站点无法访问: ≥20 spaced probes a day, 15 s).
type ProbeSample struct {
	SiteID string    `json:"site_id"`
	At     time.Time `json:"probed_at"`
	// Family is "ipv4" or "ipv6".
	Family string `json:"family"`
	// Status says how the request ended, as for pages: ok, dns_error,
	// timeout, refused, tls_error, http_error, blocked, robots_blocked, …
	Status     Status        `json:"status"`
	HTTPStatus int           `json:"http_status,omitempty"`
	Duration   time.Duration `json:"duration_ns"`
	Error      string        `json:"error,omitempty"`
}

// ProbeLog is the append-only store of probe samples under
// OUT/probes/. Append is safe for concurrent use; readers may read while
// it appends (a line is written with one write call, and a torn last
// line, the trace of a crash, is skipped).
type ProbeLog struct {
	dir string
	mu  sync.Mutex
}

// OpenProbeLog returns the probe log of output directory out, creating
// its folder.
func OpenProbeLog(out string) (*ProbeLog, error) {
	dir := filepath.Join(out, ProbesDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open probe log: %w", err)
	}
	return &ProbeLog{dir: dir}, nil
}

// probeDayLayout names the file of one UTC day.
const probeDayLayout = "2006-01-02"

// Append adds samples to the files of their UTC days and syncs them.
func (l *ProbeLog) Append(samples ...ProbeSample) error {
	byDay := map[string]*bytes.Buffer{}
	for _, s := range samples {
		b, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("append probes: %w", err)
		}
		day := s.At.UTC().Format(probeDayLayout)
		if byDay[day] == nil {
			byDay[day] = &bytes.Buffer{}
		}
		byDay[day].Write(append(b, '\n'))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for day, buf := range byDay {
		if err := appendSync(filepath.Join(l.dir, day+".jsonl"), buf.Bytes()); err != nil {
			return fmt.Errorf("append probes: %w", err)
		}
	}
	return nil
}

func appendSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Prune removes the files of days that ended before cutoff.
func (l *ProbeLog) Prune(cutoff time.Time) error {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		return fmt.Errorf("prune probes: %w", err)
	}
	for _, e := range entries {
		day, err := time.Parse(probeDayLayout, strings.TrimSuffix(e.Name(), ".jsonl"))
		if err != nil || !strings.HasSuffix(e.Name(), ".jsonl") {
			continue
		}
		if day.AddDate(0, 0, 1).Before(cutoff) {
			if err := os.Remove(filepath.Join(l.dir, e.Name())); err != nil {
				return fmt.Errorf("prune probes: %w", err)
			}
		}
	}
	return nil
}

// ReadProbes returns the samples of out's probe log taken in (from, to],
// by site id, each site's in time order then family. A missing log is no
// error: there is no history. A line that does not parse is an error
// naming the file and line, unless it is an unterminated last line (a
// write cut short by a crash), which is skipped.
func ReadProbes(out string, from, to time.Time) (map[string][]ProbeSample, error) {
	dir := filepath.Join(out, ProbesDir)
	res := map[string][]ProbeSample{}
	for day := from.UTC().Truncate(24 * time.Hour); !day.After(to); day = day.AddDate(0, 0, 1) {
		path := filepath.Join(dir, day.Format(probeDayLayout)+".jsonl")
		err := readProbeFile(path, func(s ProbeSample) {
			if s.At.After(from) && !s.At.After(to) {
				res[s.SiteID] = append(res[s.SiteID], s)
			}
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read probes: %w", err)
		}
	}
	for _, ss := range res {
		slices.SortStableFunc(ss, func(a, b ProbeSample) int {
			return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Family, b.Family))
		})
	}
	return res, nil
}

func readProbeFile(path string, each func(ProbeSample)) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n := 1; len(data) > 0; n++ {
		line, rest, complete := bytes.Cut(data, []byte{'\n'})
		data = rest
		var s ProbeSample
		if err := json.Unmarshal(line, &s); err != nil {
			if !complete {
				return nil // a torn last line: the write a crash cut short
			}
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		each(s)
	}
	return nil
}
