package channeltest

import (
	"context"
	"strconv"
	"testing"

	"github.com/engagekit/engage/outreach"
)

// Benchmark measures the channel that newChannel returns, each path a
// sub-benchmark reporting allocations and messages/s:
//
//   - Deliver/new delivers a message under a new key each time (the
//     channel's memory of keys grows as the benchmark runs);
//   - Deliver/duplicate repeats one delivered key, the path a retry or a
//     second run takes.
//
// newChannel is called once per sub-benchmark run and must return a fresh
// channel.
func Benchmark(b *testing.B, newChannel func(b *testing.B) outreach.Channel) {
	b.Run("Deliver/new", func(b *testing.B) {
		c := newChannel(b)
		ctx := context.Background()
		m := message("")
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			m.ID = "bench-" + strconv.Itoa(n)
			n++
			if _, err := c.Deliver(ctx, m); err != nil {
				b.Fatalf("Deliver(%q): %v", m.ID, err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "messages/s")
	})
	b.Run("Deliver/duplicate", func(b *testing.B) {
		c := newChannel(b)
		ctx := context.Background()
		m := message("bench-dup")
		if _, err := c.Deliver(ctx, m); err != nil {
			b.Fatalf("Deliver(%q): %v", m.ID, err)
		}
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			r, err := c.Deliver(ctx, m)
			if err != nil || !r.Duplicate {
				b.Fatalf("Deliver(%q) again = %+v, %v; want a duplicate", m.ID, r, err)
			}
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "messages/s")
	})
}
