package politeness

import (
	"fmt"
	"testing"

	"gongkai/crawler/fetch"
	"gongkai/crawler/jobqueue/natstest"
)

// BenchmarkReserve is the cost of one request's turn (a host key and an
// address key, no wait: zero intervals) in one process and through the
// cluster's pace bucket, the keys spread over 64 hosts on 4 addresses,
// with 8 requests asking at once.
//
//	go test -run '^$' -bench Reserve ./crawler/politeness
func BenchmarkReserve(b *testing.B) {
	srv := natstest.Start(b)
	for _, bc := range []struct {
		name  string
		pacer fetch.Pacer
	}{
		{"local", fetch.NewLocalPacer()},
		{"nats-kv", openBench(b, srv).Pacer()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetParallelism(4) // 4 × GOMAXPROCS goroutines
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					slots := []fetch.Slot{
						{Key: fmt.Sprintf("ip/203.0.113.%d", i%4)},
						{Key: fmt.Sprintf("host/s%d.gov.cn:443", i%64)},
					}
					if _, err := bc.pacer.Reserve(b.Context(), slots); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
