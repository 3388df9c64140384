package engagement

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"
)

// RecordStates stores state records, as [HistoryStore.RecordStates] says,
// all or nothing: if any fails [StateRecord.Validate] it returns an error
// that names its place in rs and wraps the *[FieldError], and stores none.
// Times are kept in UTC. A record naming a merged-away ID is kept under
// the customer that ID stands for. Each customer's records are kept
// sorted by time, so a record that is not its customer's newest costs a
// binary search and an insertion.
func (s *MemoryStore) RecordStates(ctx context.Context, rs ...StateRecord) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: record states: %w", err)
	}
	norm := make([]StateRecord, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("engagement: state record %d (customer %q): %w", i, r.Customer, err)
		}
		r.Time = r.Time.UTC().Round(0)
		norm[i] = r
	}
	if len(norm) == 0 {
		return nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: record states: %w", err)
	}
	if s.states == nil {
		s.states = make(map[CustomerID][]StateRecord)
	}
	var fresh []CustomerID // customers new to s.states, for s.stateOrder
	for _, r := range norm {
		r.Customer = s.resolve(r.Customer)
		h, ok := s.states[r.Customer]
		if !ok && !slices.Contains(fresh, r.Customer) {
			fresh = append(fresh, r.Customer)
		}
		s.states[r.Customer] = addState(h, r)
	}
	s.stateOrder = memoryAddOrder(s.stateOrder, fresh)
	return nil
}

// addState returns h, sorted by time with no two records at one time,
// with r added, replacing the record at r's time if there is one.
func addState(h []StateRecord, r StateRecord) []StateRecord {
	if n := len(h); n == 0 || h[n-1].Time.Before(r.Time) {
		return append(h, r) // the common case: the newest record
	}
	j, found := slices.BinarySearchFunc(h, r, compareStates)
	if found {
		h[j] = r
		return h
	}
	return slices.Insert(h, j, r)
}

// compareStates orders one customer's state records: by time.
func compareStates(a, b StateRecord) int { return a.Time.Compare(b.Time) }

// States yields the state records of the customer id stands for with Time
// at or after from and before to (a zero bound is no bound), in ascending
// order of Time, with times in UTC, as they were when iteration began. It
// costs two binary searches and a copy of what is selected. Once ctx is
// done it yields an error wrapping ctx.Err() and stops.
func (s *MemoryStore) States(ctx context.Context, id CustomerID, from, to time.Time) iter.Seq2[StateRecord, error] {
	return func(yield func(StateRecord, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(StateRecord{}, fmt.Errorf("engagement: states of %q: %w", id, err))
			return
		}
		s.mu.RLock()
		h := s.states[s.resolve(id)]
		lo, hi := 0, len(h)
		if !from.IsZero() {
			lo = firstStateFrom(h, from)
		}
		if !to.IsZero() {
			hi = firstStateFrom(h, to)
		}
		var snap []StateRecord
		if lo < hi {
			snap = slices.Clone(h[lo:hi])
		}
		s.mu.RUnlock()

		done := ctx.Done()
		for _, r := range snap {
			if memoryDone(done) {
				yield(StateRecord{}, fmt.Errorf("engagement: states of %q: %w", id, ctx.Err()))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// firstStateFrom returns the index of the first record in h, sorted by
// time, that is not before t.
func firstStateFrom(h []StateRecord, t time.Time) int {
	i, _ := slices.BinarySearchFunc(h, t, func(r StateRecord, t time.Time) int {
		if r.Time.Before(t) {
			return -1
		}
		return 1
	})
	return i
}

// LatestStates yields, for every customer with a state record at or
// before asOf, the latest such record, in ascending order of customer ID,
// as they were when iteration began. It costs a binary search per
// customer with records. A zero asOf lies before every record, so it
// yields nothing. Once ctx is done it yields an error wrapping ctx.Err()
// and stops.
func (s *MemoryStore) LatestStates(ctx context.Context, asOf time.Time) iter.Seq2[StateRecord, error] {
	return func(yield func(StateRecord, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(StateRecord{}, fmt.Errorf("engagement: latest states: %w", err))
			return
		}
		// The first record after asOf, less one, is the latest at or
		// before it.
		after := asOf.Add(time.Nanosecond)
		s.mu.RLock()
		snap := make([]StateRecord, 0, len(s.stateOrder))
		for _, id := range s.stateOrder {
			h := s.states[id]
			if j := firstStateFrom(h, after); j > 0 {
				snap = append(snap, h[j-1])
			}
		}
		s.mu.RUnlock()

		done := ctx.Done()
		for _, r := range snap {
			if memoryDone(done) {
				yield(StateRecord{}, fmt.Errorf("engagement: latest states: %w", ctx.Err()))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// moveStates files the state records of from under into; where both have
// a record at the same time, into's stays. The caller holds s.mu for
// writing; from is no alias, into is not from.
func (s *MemoryStore) moveStates(from, into CustomerID) {
	hf := s.states[from]
	if len(hf) == 0 {
		return
	}
	delete(s.states, from)
	if j, ok := slices.BinarySearch(s.stateOrder, from); ok {
		s.stateOrder = slices.Delete(s.stateOrder, j, j+1)
	}
	hi, had := s.states[into]
	if !had {
		s.stateOrder = memoryAddOrder(s.stateOrder, []CustomerID{into})
	}
	merged := make([]StateRecord, 0, len(hi)+len(hf))
	i, j := 0, 0
	for i < len(hi) || j < len(hf) {
		var c int
		switch {
		case i == len(hi):
			c = 1
		case j == len(hf):
			c = -1
		default:
			c = hi[i].Time.Compare(hf[j].Time)
		}
		switch {
		case c < 0:
			merged = append(merged, hi[i])
			i++
		case c > 0:
			r := hf[j]
			r.Customer = into
			merged = append(merged, r)
			j++
		default: // the same time on both: into's wins
			merged = append(merged, hi[i])
			i++
			j++
		}
	}
	s.states[into] = merged
}

// removeStates removes the state records of c and returns how many there
// were. The caller holds s.mu for writing.
func (s *MemoryStore) removeStates(c CustomerID) int {
	n := len(s.states[c])
	if n == 0 {
		return 0
	}
	delete(s.states, c)
	if j, ok := slices.BinarySearch(s.stateOrder, c); ok {
		s.stateOrder = slices.Delete(s.stateOrder, j, j+1)
	}
	return n
}
