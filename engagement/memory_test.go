package engagement_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/storetest"
	"github.com/shopspring/decimal"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) engagement.Store { return engagement.NewMemoryStore() })
}

func TestMemoryStoreZeroValue(t *testing.T) {
	err := storetest.TestStore(func() (engagement.Store, error) { return new(engagement.MemoryStore), nil })
	if err != nil {
		t.Fatal(err)
	}
}

func TestMemoryStoreTestStore(t *testing.T) {
	err := storetest.TestStore(func() (engagement.Store, error) { return engagement.NewMemoryStore(), nil })
	if err != nil {
		t.Fatal(err)
	}
}

func BenchmarkMemoryStore(b *testing.B) {
	storetest.Benchmark(b, func(*testing.B) engagement.Store { return engagement.NewMemoryStore() })
}

// A loop over an iterator may call the store, Append included, without
// deadlocking; the iterator reads a snapshot and does not see the appends.
func TestMemoryStoreAppendWhileIterating(t *testing.T) {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	in := engagement.Interaction{ID: "p-1", Customer: "ada", Time: t0, Kind: engagement.Purchase}
	if err := s.Append(ctx, in); err != nil {
		t.Fatal(err)
	}
	n := 0
	for got, err := range s.Interactions(ctx, engagement.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		got.ID += "-again"
		got.Time = got.Time.Add(time.Hour)
		if err := s.Append(ctx, got); err != nil {
			t.Fatalf("Append inside the loop: %v", err)
		}
		if err := s.PutCustomers(ctx, engagement.Customer{ID: got.Customer}); err != nil {
			t.Fatalf("PutCustomers inside the loop: %v", err)
		}
	}
	for _, err := range s.Customers(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if err := s.PutCustomers(ctx, engagement.Customer{ID: "bo"}); err != nil {
			t.Fatalf("PutCustomers inside the loop: %v", err)
		}
	}
	if n != 1 {
		t.Errorf("the loop ran %d times, want 1: the iterator must not see appends made while it runs", n)
	}
	if got, want := s.Len(), 2; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
}

// The errors name the batch item at fault.
func TestMemoryStoreAppendErrorsNameTheItem(t *testing.T) {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := engagement.Interaction{ID: "p-1", Customer: "ada", Time: t0, Kind: engagement.Purchase}
	bad := ok
	bad.ID = "p-2"
	bad.Amount = decimal.New(-5, 0)

	err := s.Append(ctx, ok, bad)
	var fe *engagement.FieldError
	if !errors.As(err, &fe) || fe.Field != "amount" {
		t.Fatalf("Append(ok, negative amount) = %v, want a *FieldError for amount", err)
	}
	const wantInvalid = `engagement: batch item 1 (id "p-2"): engagement: amount "-5": amount must not be negative`
	if err.Error() != wantInvalid {
		t.Errorf("Append(ok, negative amount) error:\n got %s\nwant %s", err, wantInvalid)
	}

	if err := s.Append(ctx, ok); err != nil {
		t.Fatal(err)
	}
	changed := ok
	changed.Touchpoint = "web"
	err = s.Append(ctx, changed)
	const wantConflict = `engagement: batch item 0: id "p-1" is stored with other content: engagement: conflict with what is stored`
	if !errors.Is(err, engagement.ErrConflict) || err.Error() != wantConflict {
		t.Errorf("Append(changed) error:\n got %v\nwant %s", err, wantConflict)
	}

	_, err = s.Customer(ctx, "nobody")
	const wantNotFound = `engagement: customer "nobody": engagement: not found`
	if !errors.Is(err, engagement.ErrNotFound) || err.Error() != wantNotFound {
		t.Errorf("Customer(nobody) error:\n got %v\nwant %s", err, wantNotFound)
	}
}

// Appending many new customers costs n log n, not an insertion into the
// sorted customer list for each: the figures per customer stay flat as n
// doubles.
func BenchmarkMemoryStoreAppendNewCustomers(b *testing.B) {
	ctx := context.Background()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const batchSize = 1000
	for _, n := range []int{50_000, 100_000, 200_000} {
		batches := make([][]engagement.Interaction, 0, n/batchSize)
		for start := 0; start < n; start += batchSize {
			batch := make([]engagement.Interaction, batchSize)
			for i := range batch {
				k := start + i
				// IDs in no order, so each new customer lands anywhere.
				id := engagement.CustomerID(fmt.Sprintf("c%08x", uint32(k)*2654435761))
				batch[i] = engagement.Interaction{ID: fmt.Sprintf("e%d", k), Customer: id, Time: t0, Kind: engagement.Purchase}
			}
			batches = append(batches, batch)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := engagement.NewMemoryStore()
				for _, batch := range batches {
					if err := s.Append(ctx, batch...); err != nil {
						b.Fatal(err)
					}
				}
				if s.Len() != n {
					b.Fatalf("Len() = %d, want %d", s.Len(), n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/customer")
		})
	}
}
