package engagement

import (
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
