package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
)

// The shape of TestOverlappingWriters.
const (
	overlapWriters   = 16
	overlapRounds    = 6
	overlapPool      = 120 // interaction IDs the batches draw from
	overlapCustomers = 12
	overlapBatch     = 20
)

// overlapInteraction returns interaction k of the shared pool: the same
// content whoever appends it.
func overlapInteraction(k int) engagement.Interaction {
	return engagement.Interaction{
		ID:         fmt.Sprintf("ix-%03d", k),
		Customer:   overlapCustomer(k % overlapCustomers).ID,
		Time:       time.Date(2024, 3, 1, 0, k, 0, k, time.UTC),
		Kind:       engagement.Purchase,
		Amount:     decimal.New(int64(k), -2),
		Properties: engagement.Properties{"n": engagement.IntValue(int64(k))},
	}
}

// overlapCustomer returns customer i: the same content whoever writes it.
func overlapCustomer(i int) engagement.Customer {
	return engagement.Customer{ID: engagement.CustomerID(fmt.Sprintf("cu-%02d", i)), Name: fmt.Sprint("name ", i),
		Traits: engagement.Properties{"i": engagement.IntValue(int64(i))}}
}

// overlapConsent returns consent record k of the shared pool.
func overlapConsent(k int) engagement.ConsentRecord {
	return engagement.ConsentRecord{Customer: overlapCustomer(k % overlapCustomers).ID, Purpose: engagement.PurposeMarketing,
		State: engagement.ConsentGiven, Time: time.Date(2024, 3, 1, 0, 0, k, 0, time.UTC)}
}

// TestOverlappingWriters has 16 goroutines write overlapping batches,
// each in its own order, with shared interaction, customer and consent
// keys, while merges run alongside, and checks that every call succeeds
// (PostgreSQL once deadlocked here) and the store ends with each row once
// and right.
func TestOverlappingWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		s := open(t)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			errs []error
		)
		fail := func(err error) {
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, err)
		}
		start := time.Now()
		for g := range overlapWriters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range overlapRounds {
					ins, recs, cs := overlapBatches(g, r)
					anon := engagement.CustomerID(fmt.Sprintf("anon-%02d-%d", g, r))
					steps := []func() error{
						func() error { return s.Append(ctx, ins...) },
						func() error { return s.PutCustomers(ctx, cs...) },
						func() error { return s.RecordConsent(ctx, recs...) },
						func() error {
							return s.Append(ctx, engagement.Interaction{ID: string(anon), Customer: anon, Time: time.Unix(0, 0), Kind: engagement.Visit})
						},
						func() error {
							return s.Merge(ctx, engagement.Merge{From: anon, Into: engagement.CustomerID(fmt.Sprintf("user-%02d", g)), Time: time.Unix(1, 0)})
						},
					}
					for i, step := range steps {
						if err := step(); err != nil {
							fail(fmt.Errorf("writer %d round %d step %d: %w", g, r, i, err))
						}
					}
				}
			}()
		}
		wg.Wait()
		t.Logf("%d writers × %d rounds in %v", overlapWriters, overlapRounds, time.Since(start))
		for _, err := range errs {
			t.Error(err)
		}

		// Every row once, and right.
		want := map[string]engagement.Interaction{}
		wantRecs := map[engagement.CustomerID][]engagement.ConsentRecord{}
		for g := range overlapWriters {
			for r := range overlapRounds {
				ins, recs, _ := overlapBatches(g, r)
				for _, in := range ins {
					want[in.ID] = in
				}
				for _, rec := range recs {
					if !slices.ContainsFunc(wantRecs[rec.Customer], rec.Equal) {
						wantRecs[rec.Customer] = append(wantRecs[rec.Customer], rec)
					}
				}
				id := fmt.Sprintf("anon-%02d-%d", g, r)
				want[id] = engagement.Interaction{ID: id, Customer: engagement.CustomerID(fmt.Sprintf("user-%02d", g)), Time: time.Unix(0, 0), Kind: engagement.Visit}
			}
		}
		seen := map[string]bool{}
		for _, in := range collect(t, s.Interactions(context.Background(), engagement.Query{})) {
			w, ok := want[in.ID]
			switch {
			case seen[in.ID]:
				t.Errorf("interaction %q stored twice", in.ID)
			case !ok:
				t.Errorf("interaction %q was never appended", in.ID)
			case !in.Equal(w):
				t.Errorf("interaction %q: got %+v, want %+v", in.ID, in, w)
			}
			seen[in.ID] = true
		}
		for id := range want {
			if !seen[id] {
				t.Errorf("interaction %q lost", id)
			}
		}
		cs := collect(t, s.Customers(context.Background()))
		if len(cs) != overlapCustomers {
			t.Errorf("got %d customers, want %d", len(cs), overlapCustomers)
		}
		for i, c := range cs {
			if !c.Equal(overlapCustomer(i)) {
				t.Errorf("customer %d: got %+v, want %+v", i, c, overlapCustomer(i))
			}
		}
		for i := range overlapCustomers {
			id := overlapCustomer(i).ID
			got := collect(t, s.ConsentRecords(context.Background(), id))
			want := wantRecs[id]
			slices.SortFunc(want, engagement.CompareConsentRecords)
			if !slices.EqualFunc(got, want, engagement.ConsentRecord.Equal) {
				t.Errorf("consent records of %q:\n got %+v\nwant %+v", id, got, want)
			}
		}
	})
}

// overlapBatches returns what writer g writes in round r: interactions,
// consent records and customers from the shared pools, picked with
// strides that differ by writer, so that batches overlap in different
// orders.
func overlapBatches(g, r int) ([]engagement.Interaction, []engagement.ConsentRecord, []engagement.Customer) {
	ins := make([]engagement.Interaction, overlapBatch)
	for j := range ins {
		ins[j] = overlapInteraction((g*17 + r*29 + j*(g%5+1)*7) % overlapPool)
	}
	recs := make([]engagement.ConsentRecord, overlapBatch/2)
	for j := range recs {
		recs[j] = overlapConsent((g*3 + r*11 + j*(g%3+1)*5) % overlapPool)
	}
	cs := make([]engagement.Customer, 5)
	for j := range cs {
		cs[j] = overlapCustomer((g + r*5 + j*(g%4+1)*3) % overlapCustomers)
	}
	return ins, recs, cs
}
