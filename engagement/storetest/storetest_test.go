package storetest

import (
	"context"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/contract"
	"pgregory.net/rapid"
)

// The broken stores below each break one clause of the contract, on top of
// a MemoryStore. TestStore must catch every one of them, in the clauses
// named.

// dropLast stores all of a batch but its last interaction.
type dropLast struct{ *engagement.MemoryStore }

func (s dropLast) Append(ctx context.Context, batch ...engagement.Interaction) error {
	if len(batch) > 1 {
		batch = batch[:len(batch)-1]
	}
	return s.MemoryStore.Append(ctx, batch...)
}

// notIdempotent refuses any ID it has stored, even for the same
// interaction.
type notIdempotent struct{ *engagement.MemoryStore }

func (s notIdempotent) Append(ctx context.Context, batch ...engagement.Interaction) error {
	for _, in := range batch {
		for got, err := range s.Interactions(ctx, engagement.Query{Customer: in.Customer}) {
			if err == nil && got.ID == in.ID {
				return engagement.ErrConflict
			}
		}
	}
	return s.MemoryStore.Append(ctx, batch...)
}

// notAtomic appends a batch one interaction at a time, so a failure part
// way leaves the earlier ones stored.
type notAtomic struct{ *engagement.MemoryStore }

func (s notAtomic) Append(ctx context.Context, batch ...engagement.Interaction) error {
	for _, in := range batch {
		if err := s.MemoryStore.Append(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

// localTimes yields times in a zone other than UTC.
type localTimes struct{ *engagement.MemoryStore }

func (s localTimes) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	zone := time.FixedZone("UTC+02", 2*3600)
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range s.MemoryStore.Interactions(ctx, q) {
			in.Time = in.Time.In(zone)
			if !yield(in, err) {
				return
			}
		}
	}
}

// toInclusive treats Query.To as inclusive.
type toInclusive struct{ *engagement.MemoryStore }

func (s toInclusive) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	if !q.To.IsZero() {
		q.To = q.To.Add(time.Nanosecond)
	}
	return s.MemoryStore.Interactions(ctx, q)
}

// ignoresCancel never looks at its context.
type ignoresCancel struct{ *engagement.MemoryStore }

func (s ignoresCancel) Append(_ context.Context, batch ...engagement.Interaction) error {
	return s.MemoryStore.Append(context.Background(), batch...)
}

// unsortedCustomers yields customers in reverse order.
type unsortedCustomers struct{ *engagement.MemoryStore }

func (s unsortedCustomers) Customers(ctx context.Context) iter.Seq2[engagement.Customer, error] {
	return func(yield func(engagement.Customer, error) bool) {
		var all []engagement.Customer
		for c, err := range s.MemoryStore.Customers(ctx) {
			if err != nil {
				yield(c, err)
				return
			}
			all = append(all, c)
		}
		for _, c := range slices.Backward(all) {
			if !yield(c, nil) {
				return
			}
		}
	}
}

// sharesAttributes hands out the same Attributes map on every read.
type sharesAttributes struct {
	*engagement.MemoryStore
	attrs map[engagement.CustomerID]map[string]string
}

func (s *sharesAttributes) Customer(ctx context.Context, id engagement.CustomerID) (engagement.Customer, error) {
	c, err := s.MemoryStore.Customer(ctx, id)
	if err != nil {
		return c, err
	}
	if a, ok := s.attrs[id]; ok {
		c.Attributes = a
	} else {
		s.attrs[id] = c.Attributes
	}
	return c, nil
}

// keepsGoing yields one more value after an error.
type keepsGoing struct{ *engagement.MemoryStore }

func (s keepsGoing) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range s.MemoryStore.Interactions(ctx, q) {
			if !yield(in, err) {
				return
			}
			if err != nil {
				yield(engagement.Interaction{}, nil)
				return
			}
		}
	}
}

func TestTestStoreCatchesBrokenStores(t *testing.T) {
	tests := []struct {
		name  string
		store func() engagement.Store
		want  []string // clauses that must fail, at least
	}{
		{"dropLast", func() engagement.Store { return dropLast{engagement.NewMemoryStore()} }, []string{"AppendReadBack", "Concurrent"}},
		{"notIdempotent", func() engagement.Store { return notIdempotent{engagement.NewMemoryStore()} }, []string{"AppendIdempotent"}},
		{"notAtomic", func() engagement.Store { return notAtomic{engagement.NewMemoryStore()} }, []string{"AppendConflict", "AppendInvalid", "AppendBatchDuplicates"}},
		{"localTimes", func() engagement.Store { return localTimes{engagement.NewMemoryStore()} }, []string{"AppendReadBack"}},
		{"toInclusive", func() engagement.Store { return toInclusive{engagement.NewMemoryStore()} }, []string{"QueryWindow"}},
		{"ignoresCancel", func() engagement.Store { return ignoresCancel{engagement.NewMemoryStore()} }, []string{"Cancelled"}},
		{"unsortedCustomers", func() engagement.Store { return unsortedCustomers{engagement.NewMemoryStore()} }, []string{"CustomersSorted"}},
		{"sharesAttributes", func() engagement.Store {
			return &sharesAttributes{engagement.NewMemoryStore(), make(map[engagement.CustomerID]map[string]string)}
		}, []string{"CustomerCopies"}},
		{"keepsGoing", func() engagement.Store { return keepsGoing{engagement.NewMemoryStore()} }, []string{"Cancelled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TestStore(func() (engagement.Store, error) { return tt.store(), nil })
			if err == nil {
				t.Fatal("TestStore = nil, want an error")
			}
			failed := make(map[string]bool)
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *contract.Error
				if errors.As(e, &ce) {
					failed[ce.Clause] = true
				}
			}
			for _, name := range tt.want {
				if !failed[name] {
					t.Errorf("TestStore did not fail clause %s; it reported:\n%v", name, err)
				}
			}
		})
	}
}

func TestTestStoreReportsConstructorErrors(t *testing.T) {
	errBroken := errors.New("broken")
	err := TestStore(func() (engagement.Store, error) { return nil, errBroken })
	if !errors.Is(err, errBroken) {
		t.Errorf("TestStore with a failing constructor = %v, want an error wrapping the constructor's", err)
	}
}

// A panicking store fails its clauses instead of crashing the caller.
type panics struct{ *engagement.MemoryStore }

func (panics) Append(context.Context, ...engagement.Interaction) error { panic("boom") }

func TestTestStoreRecoversPanics(t *testing.T) {
	err := TestStore(func() (engagement.Store, error) { return panics{engagement.NewMemoryStore()}, nil })
	if err == nil {
		t.Fatal("TestStore = nil, want an error")
	}
}

func TestGeneratorsDrawValidValues(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if c := CustomerGen().Draw(t, "customer"); c.Validate() != nil {
			t.Fatalf("CustomerGen drew %+v: %v", c, c.Validate())
		}
		if in := InteractionGen().Draw(t, "interaction"); in.Validate() != nil {
			t.Fatalf("InteractionGen drew %+v: %v", in, in.Validate())
		}
	})
}
