package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/contract"
	"github.com/shopspring/decimal"
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

// roundsNumbers drops the trailing zeros of every number property it
// yields: 1.50 comes back as 1.5.
type roundsNumbers struct{ *engagement.MemoryStore }

func (s roundsNumbers) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range s.MemoryStore.Interactions(ctx, q) {
			for k, v := range in.Properties {
				if d, ok := v.Num(); ok {
					in.Properties[k] = engagement.NumberValue(decimal.RequireFromString(d.String()))
				}
			}
			if !yield(in, err) {
				return
			}
		}
	}
}

// dropsProperties stores interactions without their properties.
type dropsProperties struct{ *engagement.MemoryStore }

func (s dropsProperties) Append(ctx context.Context, batch ...engagement.Interaction) error {
	batch = slices.Clone(batch)
	for i := range batch {
		batch[i].Properties = nil
	}
	return s.MemoryStore.Append(ctx, batch...)
}

// remerges records a merge again when it is repeated, and lets an alias
// be merged into another customer by merging the customer it stands for.
type remerges struct{ *engagement.MemoryStore }

func (s remerges) Merge(ctx context.Context, m engagement.Merge) error {
	if to, err := s.Resolve(ctx, m.From); err == nil && to != m.From {
		m.From = to
		if into, err := s.Resolve(ctx, m.Into); err == nil && into == to {
			return nil
		}
	}
	return s.MemoryStore.Merge(ctx, m)
}

// eraseOverwrites anonymises under a pseudonym held already by deleting
// instead.
type eraseOverwrites struct{ *engagement.MemoryStore }

func (s eraseOverwrites) Erase(ctx context.Context, e engagement.Erasure) (engagement.ErasureReport, error) {
	rep, err := s.MemoryStore.Erase(ctx, e)
	if errors.Is(err, engagement.ErrConflict) {
		e.Mode = engagement.EraseDelete
		return s.MemoryStore.Erase(ctx, e)
	}
	return rep, err
}

// eraseUnknownFails reports ErrNotFound for a customer it knows nothing
// of.
type eraseUnknownFails struct{ *engagement.MemoryStore }

func (s eraseUnknownFails) Erase(ctx context.Context, e engagement.Erasure) (engagement.ErasureReport, error) {
	rep, err := s.MemoryStore.Erase(ctx, e)
	if err == nil && !rep.Record && rep.Interactions == 0 && rep.Consents == 0 && rep.Aliases == 0 {
		return rep, engagement.ErrNotFound
	}
	return rep, err
}

// consentsUnsorted yields consent records newest first.
type consentsUnsorted struct{ *engagement.MemoryStore }

func (s consentsUnsorted) ConsentRecords(ctx context.Context, id engagement.CustomerID) iter.Seq2[engagement.ConsentRecord, error] {
	return func(yield func(engagement.ConsentRecord, error) bool) {
		var all []engagement.ConsentRecord
		for r, err := range s.MemoryStore.ConsentRecords(ctx, id) {
			if err != nil {
				yield(r, err)
				return
			}
			all = append(all, r)
		}
		for _, r := range slices.Backward(all) {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// racyWriters fails an Append that overlaps another one writing the same
// interaction ID, as a database does that reports a unique violation
// between two transactions instead of retrying.
type racyWriters struct {
	*engagement.MemoryStore
	mu       sync.Mutex
	inFlight map[string]bool
}

func (s *racyWriters) Append(ctx context.Context, batch ...engagement.Interaction) error {
	s.mu.Lock()
	for _, in := range batch {
		if s.inFlight[in.ID] {
			s.mu.Unlock()
			return fmt.Errorf("duplicate key %q: %w", in.ID, engagement.ErrConflict)
		}
	}
	for _, in := range batch {
		s.inFlight[in.ID] = true
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		for _, in := range batch {
			delete(s.inFlight, in.ID)
		}
		s.mu.Unlock()
	}()
	time.Sleep(200 * time.Microsecond) // a transaction's round trip
	return s.MemoryStore.Append(ctx, batch...)
}

// A store without the optional capabilities passes TestStore: their
// clauses are skipped.
func TestTestStoreSkipsMissingCapabilities(t *testing.T) {
	type plain struct{ engagement.Store }
	if err := TestStore(func() (engagement.Store, error) { return plain{engagement.NewMemoryStore()}, nil }); err != nil {
		t.Errorf("TestStore of a store with no optional capabilities = %v, want nil", err)
	}
	for _, c := range cases() {
		err := c.Check(plain{engagement.NewMemoryStore()})
		if reason, ok := skipped(err); ok && !strings.Contains(reason, "does not implement engagement.") {
			t.Errorf("clause %s skipped with %q, want a reason naming the capability", c.Name, reason)
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
		{"roundsNumbers", func() engagement.Store { return roundsNumbers{engagement.NewMemoryStore()} }, []string{"PropertiesRoundTrip", "AppendPropertiesConflict"}},
		{"dropsProperties", func() engagement.Store { return dropsProperties{engagement.NewMemoryStore()} }, []string{"PropertiesRoundTrip", "AppendPropertiesConflict"}},
		{"remerges", func() engagement.Store { return remerges{engagement.NewMemoryStore()} }, []string{"MergeConflict"}},
		{"eraseOverwrites", func() engagement.Store { return eraseOverwrites{engagement.NewMemoryStore()} }, []string{"ErasePseudonymConflict"}},
		{"eraseUnknownFails", func() engagement.Store { return eraseUnknownFails{engagement.NewMemoryStore()} }, []string{"EraseUnknown", "EraseDelete", "EraseAnonymise"}},
		{"consentsUnsorted", func() engagement.Store { return consentsUnsorted{engagement.NewMemoryStore()} }, []string{"ConsentRoundTrip"}},
		{"racyWriters", func() engagement.Store {
			return &racyWriters{MemoryStore: engagement.NewMemoryStore(), inFlight: make(map[string]bool)}
		}, []string{"OverlappingWriters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TestStore(func() (engagement.Store, error) { return tt.store(), nil })
			if err == nil {
				t.Fatal("TestStore = nil, want an error")
			}
			failed := contract.Failed(err)
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
		if ps := PropertiesGen().Draw(t, "properties"); ps.Validate("properties") != nil {
			t.Fatalf("PropertiesGen drew %v: %v", ps, ps.Validate("properties"))
		}
	})
}
