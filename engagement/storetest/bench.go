package storetest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// The shape of the benchmark data.
const (
	benchCustomers = 100  // customers the interactions are spread over
	benchBatch     = 1000 // interactions per Append
	benchHistory   = 1000 // interactions per customer for the read benchmark
)

// Benchmark measures the store that newStore returns on its common paths,
// each a sub-benchmark reporting allocations and events/s:
//
//   - Append/batch=1000 appends batches of 1,000 new interactions spread
//     over 100 customers (building each batch is part of the figure; the
//     store grows as the benchmark runs);
//   - Interactions/customer/n=1000 reads one customer's whole history of
//     1,000 interactions from a store holding 100 such customers.
//
// newStore must return a new, empty store each time; it is called once
// per sub-benchmark run.
func Benchmark(b *testing.B, newStore func(b *testing.B) engagement.Store) {
	b.Run(fmt.Sprintf("Append/batch=%d", benchBatch), func(b *testing.B) {
		benchAppend(b, newStore(b))
	})
	b.Run(fmt.Sprintf("Interactions/customer/n=%d", benchHistory), func(b *testing.B) {
		benchReadCustomer(b, newStore(b))
	})
}

func benchCustomerIDs() []engagement.CustomerID {
	ids := make([]engagement.CustomerID, benchCustomers)
	for i := range ids {
		ids[i] = engagement.CustomerID(fmt.Sprintf("c%03d", i))
	}
	return ids
}

// benchInteraction returns the n-th interaction of the benchmark data.
func benchInteraction(n int, customers []engagement.CustomerID) engagement.Interaction {
	return engagement.Interaction{
		ID:         "e" + strconv.Itoa(n),
		Customer:   customers[n%len(customers)],
		Time:       epoch().Add(time.Duration(n) * time.Second),
		Kind:       engagement.Purchase,
		Touchpoint: "web",
		Amount:     decimal.New(int64(n%10_000), -2),
	}
}

func benchAppend(b *testing.B, s engagement.Store) {
	ctx := context.Background()
	customers := benchCustomerIDs()
	batch := make([]engagement.Interaction, benchBatch)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range batch {
			batch[i] = benchInteraction(n, customers)
			n++
		}
		if err := s.Append(ctx, batch...); err != nil {
			b.Fatalf("Append: %v", err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

func benchReadCustomer(b *testing.B, s engagement.Store) {
	ctx := context.Background()
	customers := benchCustomerIDs()
	batch := make([]engagement.Interaction, benchBatch)
	total := benchCustomers * benchHistory
	for start := 0; start < total; start += benchBatch {
		for i := range batch {
			batch[i] = benchInteraction(start+i, customers)
		}
		if err := s.Append(ctx, batch...); err != nil {
			b.Fatalf("Append: %v", err)
		}
	}
	q := engagement.Query{Customer: customers[benchCustomers/2]}
	events := 0
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range s.Interactions(ctx, q) {
			if err != nil {
				b.Fatalf("Interactions: %v", err)
			}
			n++
		}
		if n != benchHistory {
			b.Fatalf("Interactions(%s) yielded %d interactions, want %d", queryString(q), n, benchHistory)
		}
		events += n
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
