package storetest

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/contract"
)

// Broken stores for the clauses of HistoryStore, CheckpointStore and
// Leaser, each breaking one clause on top of a MemoryStore.

// statesBackward yields state records newest first.
type statesBackward struct{ *engagement.MemoryStore }

func (s statesBackward) States(ctx context.Context, id engagement.CustomerID, from, to time.Time) iter.Seq2[engagement.StateRecord, error] {
	return func(yield func(engagement.StateRecord, error) bool) {
		var all []engagement.StateRecord
		for r, err := range s.MemoryStore.States(ctx, id, from, to) {
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

// statesToInclusive treats the upper bound of States as inclusive.
type statesToInclusive struct{ *engagement.MemoryStore }

func (s statesToInclusive) States(ctx context.Context, id engagement.CustomerID, from, to time.Time) iter.Seq2[engagement.StateRecord, error] {
	if !to.IsZero() {
		to = to.Add(time.Nanosecond)
	}
	return s.MemoryStore.States(ctx, id, from, to)
}

// latestIgnoresAsOf yields every customer's latest record, whatever asOf.
type latestIgnoresAsOf struct{ *engagement.MemoryStore }

func (s latestIgnoresAsOf) LatestStates(ctx context.Context, _ time.Time) iter.Seq2[engagement.StateRecord, error] {
	return s.MemoryStore.LatestStates(ctx, time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC))
}

// statesNotAtomic records one record at a time.
type statesNotAtomic struct{ *engagement.MemoryStore }

func (s statesNotAtomic) RecordStates(ctx context.Context, rs ...engagement.StateRecord) error {
	for _, r := range rs {
		if err := s.MemoryStore.RecordStates(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// checkpointReadThenWrite checks the version, then saves over whatever is
// stored by then: two savers may both pass the check.
type checkpointReadThenWrite struct{ *engagement.MemoryStore }

func (s checkpointReadThenWrite) SaveCheckpoint(ctx context.Context, c engagement.Checkpoint) (engagement.Checkpoint, error) {
	cur, err := s.LoadCheckpoint(ctx, c.Customer, c.Name)
	if err != nil {
		return cur, err
	}
	if cur.Version != c.Version {
		return engagement.Checkpoint{}, engagement.ErrConflict
	}
	time.Sleep(100 * time.Microsecond) // a round trip between read and write
	for {
		cur, _ = s.LoadCheckpoint(ctx, c.Customer, c.Name)
		c.Version = cur.Version
		got, err := s.MemoryStore.SaveCheckpoint(ctx, c)
		if !errors.Is(err, engagement.ErrConflict) {
			return got, err
		}
	}
}

// checkpointSharesValue hands out the stored bytes of the last save.
type checkpointSharesValue struct {
	*engagement.MemoryStore
	mu   sync.Mutex
	last []byte
}

func (s *checkpointSharesValue) SaveCheckpoint(ctx context.Context, c engagement.Checkpoint) (engagement.Checkpoint, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	got, err := s.MemoryStore.SaveCheckpoint(ctx, c)
	if err == nil {
		s.last = c.Value
	}
	return got, err
}

func (s *checkpointSharesValue) LoadCheckpoint(ctx context.Context, id engagement.CustomerID, name string) (engagement.Checkpoint, error) {
	got, err := s.MemoryStore.LoadCheckpoint(ctx, id, name)
	if err == nil && got.Version > 0 {
		s.mu.Lock()
		got.Value = s.last
		s.mu.Unlock()
	}
	return got, err
}

// byNameLeases is a leaser whose Release frees the name, whoever holds it
// now: a holder whose lease lapsed releases the next holder's.
type byNameLeases struct {
	*engagement.MemoryStore
	mu   sync.Mutex
	held map[string]chan struct{}
}

type byNameLease struct {
	s    *byNameLeases
	name string
}

func (s *byNameLeases) free(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.held[name]; ok {
		delete(s.held, name)
		close(ch)
	}
}

func (s *byNameLeases) Lease(ctx context.Context, name string, ttl time.Duration) (engagement.Lease, error) {
	// The checks of name, ttl and ctx.
	l, err := s.MemoryStore.Lease(ctx, name, ttl)
	if err != nil {
		return nil, err
	}
	_ = l.Release(ctx)
	for {
		s.mu.Lock()
		ch, ok := s.held[name]
		if !ok {
			ch = make(chan struct{})
			s.held[name] = ch
			s.mu.Unlock()
			time.AfterFunc(ttl, func() {
				s.mu.Lock()
				defer s.mu.Unlock()
				if s.held[name] == ch {
					delete(s.held, name)
					close(ch)
				}
			})
			return byNameLease{s, name}, nil
		}
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (l byNameLease) Release(context.Context) error {
	l.s.free(l.name)
	return nil
}

func TestTestStoreCatchesBrokenCapabilities(t *testing.T) {
	tests := []struct {
		name  string
		store func() engagement.Store
		want  []string // clauses that must fail, at least
	}{
		{"statesBackward", func() engagement.Store { return statesBackward{engagement.NewMemoryStore()} }, []string{"HistoryRoundTrip", "HistoryBounds"}},
		{"statesToInclusive", func() engagement.Store { return statesToInclusive{engagement.NewMemoryStore()} }, []string{"HistoryBounds"}},
		{"latestIgnoresAsOf", func() engagement.Store { return latestIgnoresAsOf{engagement.NewMemoryStore()} }, []string{"LatestStates"}},
		{"statesNotAtomic", func() engagement.Store { return statesNotAtomic{engagement.NewMemoryStore()} }, []string{"HistoryInvalid"}},
		{"checkpointReadThenWrite", func() engagement.Store { return checkpointReadThenWrite{engagement.NewMemoryStore()} }, []string{"CheckpointConcurrent"}},
		{"checkpointSharesValue", func() engagement.Store { return &checkpointSharesValue{MemoryStore: engagement.NewMemoryStore()} }, []string{"CheckpointRoundTrip"}},
		{"byNameLeases", func() engagement.Store {
			return &byNameLeases{MemoryStore: engagement.NewMemoryStore(), held: make(map[string]chan struct{})}
		}, []string{"LeaseLapse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
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

// The clauses of the capabilities a store lacks are skipped with a
// reason naming the interface.
func TestCapabilityClausesSkip(t *testing.T) {
	type plain struct{ engagement.Store }
	want := map[string]string{
		"History": "engagement.HistoryStore", "LatestStates": "engagement.HistoryStore",
		"Checkpoint": "engagement.CheckpointStore", "Lease": "engagement.Leaser",
	}
	n := 0
	for _, c := range cases() {
		for prefix, iface := range want {
			if !strings.HasPrefix(c.Name, prefix) {
				continue
			}
			n++
			reason, ok := skipped(c.Check(plain{engagement.NewMemoryStore()}))
			if !ok || !strings.Contains(reason, "does not implement "+iface) {
				t.Errorf("clause %s on a store without %s: skipped %v with %q, want skipped with a reason naming it", c.Name, iface, ok, reason)
			}
		}
	}
	if n < 18 {
		t.Errorf("found %d clauses of the three capabilities, want at least 18", n)
	}
}
