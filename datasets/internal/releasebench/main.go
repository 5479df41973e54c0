// Command releasebench measures the release writer on the links table:
// write N rows (default 10 million) through datasets.ParquetWriter, bare
// parquet-go and Arrow's pqarrow writer, then read them back with
// parquet-go and pqarrow. Each variant runs in its own child process so
// that its peak RSS (rusage maxrss) is its own.
//
//	go run ./datasets/internal/releasebench -rows 10000000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// variant is one measured run.
type variant struct {
	name, what string
	run        func(ctx context.Context, dir string, rows int64) (int64, error) // returns rows handled
	files      func(dir string) []string                                        // output files, for the size
}

func variants() []variant {
	return []variant{
		{"gen", "generate rows only (baseline)", runGen, nil},
		{"release", "write: datasets.ParquetWriter (release)", runRelease, releaseFiles},
		{"bare", "write: bare parquet-go GenericWriter, zstd", runBare, single("bare.parquet")},
		{"arrow", "write: Arrow pqarrow FileWriter, zstd", runArrow, single("arrow.parquet")},
		{"publish", "publish: whole release (Parquet + 3 CSV + fsync)", runPublish, publishFiles},
		{"read-pq", "read release files: parquet-go GenericReader", runReadPQ, nil},
		{"read-arrow", "read release files: Arrow pqarrow", runReadArrow, nil},
	}
}

func main() {
	rows := flag.Int64("rows", 10_000_000, "rows of the links table to write")
	dir := flag.String("dir", "", "work directory (default: a temporary one, removed after)")
	only := flag.String("variant", "", "run only this variant, in this process (used by the parent)")
	flag.Parse()
	if *only != "" {
		os.Exit(child(*only, *dir, *rows))
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "releasebench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		*dir = d
		err = parent(d, *rows)
		os.RemoveAll(d)
		exitOn(err)
		return
	}
	exitOn(parent(*dir, *rows))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "releasebench:", err)
		os.Exit(1)
	}
}

// child runs one variant and prints "rows seconds" on stdout.
func child(name, dir string, rows int64) int {
	for _, v := range variants() {
		if v.name == name {
			start := time.Now()
			n, err := v.run(context.Background(), dir, rows)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				return 1
			}
			fmt.Printf("%d %f\n", n, time.Since(start).Seconds())
			return 0
		}
	}
	fmt.Fprintf(os.Stderr, "unknown variant %q\n", name)
	return 2
}

type result struct {
	v            variant
	rows         int64
	secs, cpu    float64 // wall and user+system CPU seconds
	bytes, rssKB int64
}

func parent(dir string, rows int64) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("releasebench: %d links rows, %s %s/%s, %d CPUs, dir %s\n\n",
		rows, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), dir)
	var results []result
	for _, v := range variants() {
		cmd := exec.Command(self, "-variant", v.name, "-dir", dir, "-rows", strconv.FormatInt(rows, 10))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("variant %s: %w", v.name, err)
		}
		r := result{v: v}
		if _, err := fmt.Sscan(string(out), &r.rows, &r.secs); err != nil {
			return fmt.Errorf("variant %s: output %q: %w", v.name, out, err)
		}
		if r.rows != rows {
			return fmt.Errorf("variant %s handled %d rows, want %d", v.name, r.rows, rows)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssKB = ru.Maxrss // kilobytes on Linux
		}
		r.cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
		if v.files != nil {
			for _, f := range v.files(dir) {
				st, err := os.Stat(f)
				if err != nil {
					return err
				}
				r.bytes += st.Size()
			}
		}
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "  %-10s %8.2fs wall %8.2fs CPU\n", v.name, r.secs, r.cpu)
	}
	printTable(results)
	return nil
}

func printTable(results []result) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\t\twall s\tCPU s\trows/s (wall)\trows/CPU-s\tfile MB\tpeak RSS MB\t")
	byName := map[string]result{}
	for _, r := range results {
		byName[r.v.name] = r
		size := "-"
		if r.bytes > 0 {
			size = fmt.Sprintf("%.1f", float64(r.bytes)/1e6)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%s\t%s\t%s\t%.0f\t\n", r.v.name, r.v.what, r.secs, r.cpu,
			thousands(int64(float64(r.rows)/r.secs)), thousands(int64(float64(r.rows)/r.cpu)), size, float64(r.rssKB)/1024)
	}
	tw.Flush()
	rel, bare, gen := byName["release"], byName["bare"], byName["gen"]
	fmt.Printf("\nrelease writer / bare parquet-go: %.2fx the wall time, %.2fx the CPU time, %.2fx without generating the rows (CPU), %.2fx the size\n",
		rel.secs/bare.secs, rel.cpu/bare.cpu, (rel.cpu-gen.cpu)/(bare.cpu-gen.cpu), float64(rel.bytes)/float64(bare.bytes))
	fmt.Println("aim: at most 1.5x the time of bare parquet-go, streaming, peak RSS < 200 MB")
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func single(name string) func(string) []string {
	return func(dir string) []string { return []string{filepath.Join(dir, name)} }
}
