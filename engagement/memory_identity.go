package engagement

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Merge makes m.From an alias of the customer m.Into stands for, as
// [IdentityStore.Merge] says, all or nothing: From's interactions,
// consent records, state records and checkpoints move to that customer
// (where both have a state record at one time, or a checkpoint of one
// name, the customer's own stays), their customer records are
// combined by [MergeCustomers], and every ID that stood for From stands
// for that customer from now on. It costs a pass over both histories and
// both consent trails.
func (s *MemoryStore) Merge(ctx context.Context, m Merge) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: merge %q into %q: %w", m.From, m.Into, err)
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("engagement: merge %q into %q: %w", m.From, m.Into, err)
	}
	m.Time = m.Time.UTC().Round(0)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: merge %q into %q: %w", m.From, m.Into, err)
	}
	into := s.resolve(m.Into)
	if cur, ok := s.aliases[m.From]; ok {
		if cur == into {
			return nil // merged already: nothing to do
		}
		return fmt.Errorf("engagement: merge %q into %q: %q stands for %q already: %w", m.From, m.Into, m.From, cur, ErrConflict)
	}
	if into == m.From {
		return fmt.Errorf("engagement: merge %q into %q: %q stands for %q, so the merge would make a cycle: %w", m.From, m.Into, m.Into, m.From, ErrConflict)
	}

	s.moveHistory(m.From, into)
	s.moveConsents(m.From, into)
	s.moveStates(m.From, into)
	s.moveCheckpoints(m.From, into)
	s.moveCustomer(m.From, into)
	s.moveAliases(m.From, into)
	if s.merges == nil {
		s.merges = make(map[CustomerID][]Merge)
	}
	ms := append(s.merges[into], s.merges[m.From]...)
	ms = append(ms, m)
	slices.SortFunc(ms, compareMerges)
	s.merges[into] = ms
	delete(s.merges, m.From)
	return nil
}

// compareMerges orders merges as [IdentityStore.Merges] yields them: by
// Time, then From.
func compareMerges(a, b Merge) int {
	return cmp.Or(a.Time.Compare(b.Time), strings.Compare(string(a.From), string(b.From)))
}

// moveHistory files the interactions of from under into. The caller holds
// s.mu for writing; from is no alias, into is not from.
func (s *MemoryStore) moveHistory(from, into CustomerID) {
	hf := s.history[from]
	if len(hf) == 0 {
		return
	}
	moved := make([]Interaction, len(hf))
	for i, in := range hf {
		in.Customer = into
		moved[i] = in
		s.byID[in.ID] = memoryKey{into, in.Time}
	}
	delete(s.history, from)
	s.removeOrder(from)
	hi, had := s.history[into]
	if !had {
		s.order = memoryAddOrder(s.order, []CustomerID{into})
	}
	// Interaction IDs are unique, so the two histories share nothing.
	s.history[into] = memoryMergeSorted(slices.Clip(hi), moved, memoryCompare)
}

// moveConsents files the consent records of from under into, each stored
// once. The caller holds s.mu for writing.
func (s *MemoryStore) moveConsents(from, into CustomerID) {
	rs := s.consents[from]
	if len(rs) == 0 {
		return
	}
	delete(s.consents, from)
	for _, r := range rs {
		r.Customer = into
		s.addConsent(r)
	}
}

// moveCustomer combines the customer records of from and into under
// into's ID, by [MergeCustomers]. The caller holds s.mu for writing.
func (s *MemoryStore) moveCustomer(from, into CustomerID) {
	cf, ok := s.customers[from]
	if !ok {
		return
	}
	delete(s.customers, from)
	if ci, ok := s.customers[into]; ok {
		s.customers[into] = MergeCustomers(ci, cf)
		return
	}
	cf.ID = into
	s.customers[into] = cf
}

// moveAliases makes from, and every ID that stood for it, stand for into.
// The caller holds s.mu for writing.
func (s *MemoryStore) moveAliases(from, into CustomerID) {
	if s.aliases == nil {
		s.aliases = make(map[CustomerID]CustomerID)
		s.aliasesOf = make(map[CustomerID][]CustomerID)
	}
	moved := s.aliasesOf[from]
	for _, a := range moved {
		s.aliases[a] = into
	}
	s.aliases[from] = into
	s.aliasesOf[into] = append(append(s.aliasesOf[into], moved...), from)
	delete(s.aliasesOf, from)
}

// Resolve returns the customer id stands for: the one it was merged into,
// through any chain of merges, or id itself.
func (s *MemoryStore) Resolve(ctx context.Context, id CustomerID) (CustomerID, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("engagement: resolve %q: %w", id, err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.resolve(id), nil
}

// Merges yields the merges that made IDs aliases of the customer id stands
// for, ordered by Time, then From, as they were when iteration began. Once
// ctx is done it yields an error wrapping ctx.Err() and stops.
func (s *MemoryStore) Merges(ctx context.Context, id CustomerID) iter.Seq2[Merge, error] {
	return func(yield func(Merge, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Merge{}, fmt.Errorf("engagement: merges of %q: %w", id, err))
			return
		}
		s.mu.RLock()
		snap := slices.Clone(s.merges[s.resolve(id)])
		s.mu.RUnlock()
		done := ctx.Done()
		for _, m := range snap {
			if memoryDone(done) {
				yield(Merge{}, fmt.Errorf("engagement: merges of %q: %w", id, ctx.Err()))
				return
			}
			if !yield(m, nil) {
				return
			}
		}
	}
}
