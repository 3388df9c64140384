package engagement

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// benchInteractions makes n interactions over the given number of customers
// across one year, in time order, with a realistic mix of kinds: half
// purchases, then visits, survey answers, service contacts, complaints,
// returns, referrals, reviews and posts.
func benchInteractions(n, customers int) []Interaction {
	r := rand.New(rand.NewPCG(1, 2))
	ids := make([]CustomerID, customers)
	for i := range ids {
		ids[i] = CustomerID("cust-" + strconv.Itoa(i))
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	step := int64(365*24*time.Hour) / int64(n)
	out := make([]Interaction, n)
	for i := range out {
		in := Interaction{ID: "ev-" + strconv.Itoa(i), Customer: ids[r.IntN(customers)],
			Time: start.Add(time.Duration(int64(i) * step)), Touchpoint: "web"}
		switch k := r.IntN(100); {
		case k < 50:
			in.Kind, in.Amount = Purchase, decimal.New(int64(500+r.IntN(20000)), -2)
		case k < 70:
			in.Kind = Visit
		case k < 75:
			in.Kind, in.Rating = RatingGiven, Satisfied(1+r.IntN(5))
		case k < 80:
			in.Kind, in.Rating = RatingGiven, Recommends(r.IntN(11))
		case k < 87:
			in.Kind = ServiceRequest
		case k < 90:
			in.Kind = Complaint
		case k < 92:
			in.Kind = ComplaintResolved
		case k < 95:
			in.Kind, in.Amount = Return, decimal.New(int64(500+r.IntN(5000)), -2)
		case k < 97:
			in.Kind = Referral
		case k < 99:
			in.Kind, in.Rating = Review, Satisfied(1+r.IntN(5))
		default:
			in.Kind = CommunityPost
		}
		out[i] = in
	}
	return out
}

// BenchmarkFold folds n interactions over n/10 customers into profiles, as
// of the end of the year, and reports events/s and the heap the profiles
// hold per customer.
func BenchmarkFold(b *testing.B) {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{100_000, 1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("n=%d/customers=%d", n, n/10), func(b *testing.B) {
			if testing.Short() && n > 1_000_000 {
				b.Skip("skipping the 10 M event fold in -short mode")
			}
			ins := benchInteractions(n, n/10)
			heap, customers := foldHeap(b, ins, asOf)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Fold(context.Background(), slices.Values(ins), asOf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(heap)/float64(customers), "heapB/profile")
			b.ReportMetric(float64(unsafe.Sizeof(Profile{})), "B/Profile")
		})
	}
}

// BenchmarkFoldBatch folds the interactions of BenchmarkFold from a
// [Batch] built once, and reports events/s, the heap the profiles hold per
// customer and the batch's heap per event.
func BenchmarkFoldBatch(b *testing.B) {
	benchBatchFold(b, "heapB/profile", func(bt *Batch, asOf time.Time) (any, int, error) {
		ps, err := Folder{}.FoldBatch(context.Background(), bt, asOf)
		if err != nil {
			return nil, 0, err
		}
		return ps, ps.Len(), nil
	})
}

// BenchmarkFoldAggregates folds the interactions of BenchmarkFold from a
// [Batch] built once into compact [Aggregates], and reports events/s and
// the heap the aggregates add per customer (the batch, which they keep,
// is batchB/event).
func BenchmarkFoldAggregates(b *testing.B) {
	benchBatchFold(b, "B/customer", func(bt *Batch, asOf time.Time) (any, int, error) {
		a, err := Folder{}.FoldAggregates(context.Background(), bt, asOf)
		if err != nil {
			return nil, 0, err
		}
		return a, a.Len(), nil
	})
}

// benchBatchFold runs fold over a Batch of BenchmarkFold's interactions at
// each size, reporting events/s, the heap the result holds per customer
// (under heapUnit) and the batch's heap per event.
func benchBatchFold(b *testing.B, heapUnit string, fold func(*Batch, time.Time) (result any, customers int, err error)) {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{100_000, 1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("n=%d/customers=%d", n, n/10), func(b *testing.B) {
			if testing.Short() && n > 1_000_000 {
				b.Skip("skipping the 10 M event fold in -short mode")
			}
			ins := benchInteractions(n, n/10)
			bt, batchHeap := batchOf(b, ins)
			ins = nil
			heap, customers := heapOf(b, func() (any, int) {
				r, c, err := fold(bt, asOf)
				if err != nil {
					b.Fatal(err)
				}
				return r, c
			})
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := fold(bt, asOf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(heap)/float64(customers), heapUnit)
			b.ReportMetric(float64(batchHeap)/float64(n), "batchB/event")
		})
	}
}

// batchOf adds ins to a new Batch and returns it with the heap it holds.
func batchOf(b *testing.B, ins []Interaction) (*Batch, uint64) {
	bt := new(Batch)
	heap, _ := heapOf(b, func() (any, int) {
		for _, in := range ins {
			if err := bt.Add(in); err != nil {
				b.Fatal(err)
			}
		}
		return nil, bt.Len()
	})
	runtime.KeepAlive(ins) // so that the heap measured does not lose ins
	return bt, heap
}

// heapOf runs f and returns how much more heap is live after it, while
// what f returns is still held, with f's count.
func heapOf(b *testing.B, f func() (any, int)) (uint64, int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept, n := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	if after.HeapAlloc < before.HeapAlloc {
		return 0, n
	}
	return after.HeapAlloc - before.HeapAlloc, n
}

// foldHeap folds once and returns the heap the result holds and its number
// of customers.
func foldHeap(b *testing.B, ins []Interaction, asOf time.Time) (heap uint64, customers int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ps, err := Fold(context.Background(), slices.Values(ins), asOf)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	customers = ps.Len()
	runtime.KeepAlive(ps)
	return after.HeapAlloc - before.HeapAlloc, customers
}

// BenchmarkFoldCSV reads n interactions over n/10 customers from CSV (as
// WriteInteractionsCSV writes them) into a Batch and folds it, end to end,
// reporting events/s of the whole and the share of the time parsing took.
func BenchmarkFoldCSV(b *testing.B) {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{100_000, 1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("n=%d/customers=%d", n, n/10), func(b *testing.B) {
			if testing.Short() && n > 1_000_000 {
				b.Skip("skipping the 10 M event fold in -short mode")
			}
			var csv bytes.Buffer
			if err := WriteInteractionsCSV(&csv, slices.Values(benchInteractions(n, n/10))); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(csv.Len()))
			b.ReportAllocs()
			var parse time.Duration
			for b.Loop() {
				start := time.Now()
				var bt Batch
				if err := bt.ReadCSV(bytes.NewReader(csv.Bytes())); err != nil {
					b.Fatal(err)
				}
				parse += time.Since(start)
				if _, err := (Folder{}).FoldBatch(context.Background(), &bt, asOf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(100*parse.Seconds()/b.Elapsed().Seconds(), "%parse")
		})
	}
}

// BenchmarkCSVRows parses the rows of a CSV file of 100,000 interactions
// as one worker of [Batch.ReadCSV] does, without numbering customers, and
// reports ns per row.
func BenchmarkCSVRows(b *testing.B) {
	const n = 100_000
	var csv bytes.Buffer
	if err := WriteInteractionsCSV(&csv, slices.Values(benchInteractions(n, n/10))); err != nil {
		b.Fatal(err)
	}
	var bt Batch
	bt.initCustomers()
	rest, _, fast, err := bt.readHeader(bytes.NewReader(csv.Bytes()))
	if fast == nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	if _, err := body.ReadFrom(rest); err != nil {
		b.Fatal(err)
	}
	p := csvFast{pos: fast.pos, names: fast.names, fields: make([][]byte, len(fast.names)), seed: bt.seed}
	var c csvChunk
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		c.reset()
		text := body.Bytes()
		for len(text) > 0 {
			end := bytes.IndexByte(text, '\n') + 1
			if end == 0 {
				end = len(text)
			}
			if !p.row(&c, text[:end]) {
				b.Fatal("row not read fast")
			}
			text = text[end:]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
}
