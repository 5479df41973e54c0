package datasets

import (
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// benchLinks returns n sorted links rows (site gov-000..., 1,000 links each).
func benchLinks(n int) []LinkRow {
	tb := fixture((n+999)/1000, 1000)
	return tb.Links[:n]
}

// BenchmarkParquetWriterLinks measures the release writer's Parquet part
// alone (rows prepared beforehand); compare with BenchmarkBareParquetGo.
func BenchmarkParquetWriterLinks(b *testing.B) {
	rows := benchLinks(100_000)
	b.ReportAllocs()
	defer reportCPU(b, len(rows))()
	for b.Loop() {
		dir := b.TempDir()
		w, err := NewParquetWriter[LinkRow](dir, ParquetOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(rows); i += 4096 {
			if err := w.Write(rows[i:min(i+4096, len(rows))]); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBareParquetGo(b *testing.B) {
	rows := benchLinks(100_000)
	b.ReportAllocs()
	defer reportCPU(b, len(rows))()
	for b.Loop() {
		w := parquet.NewGenericWriter[LinkRow](io.Discard, parquet.Compression(&parquet.Zstd),
			parquet.MaxRowsPerRowGroup(DefaultRowGroupRows))
		for i := 0; i < len(rows); i += 4096 {
			if _, err := w.Write(rows[i:min(i+4096, len(rows))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU reports rows per CPU second (user + system time of the whole
// process), which a loaded machine distorts far less than wall time.
func reportCPU(b *testing.B, rows int) func() {
	start := cpuTime()
	return func() {
		cpu := cpuTime() - start
		b.ReportMetric(float64(rows*b.N)/cpu.Seconds(), "rows/cpu-s")
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
