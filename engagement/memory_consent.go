package engagement

import (
	"context"
	"fmt"
	"iter"
	"slices"
)

// RecordConsent stores consent records, all or nothing: if any fails
// [ConsentRecord.Validate] it returns an error that names its place in rs
// and wraps the *[FieldError], and stores none. Times are kept in UTC. A
// record Equal to one stored already, or to an earlier one in rs, is
// stored once; a record naming a merged-away ID is kept under the
// customer that ID stands for.
func (s *MemoryStore) RecordConsent(ctx context.Context, rs ...ConsentRecord) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: record consent: %w", err)
	}
	norm := make([]ConsentRecord, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("engagement: consent record %d (customer %q): %w", i, r.Customer, err)
		}
		r.Time = r.Time.UTC().Round(0)
		if !r.Expires.IsZero() {
			r.Expires = r.Expires.UTC().Round(0)
		}
		norm[i] = r
	}
	if len(norm) == 0 {
		return nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: record consent: %w", err)
	}
	for _, r := range norm {
		r.Customer = s.resolve(r.Customer)
		s.addConsent(r)
	}
	return nil
}

// addConsent adds r to its customer's records unless an Equal one is
// there. The caller holds s.mu for writing.
func (s *MemoryStore) addConsent(r ConsentRecord) {
	if s.consents == nil {
		s.consents = make(map[CustomerID][]ConsentRecord)
	}
	rs := s.consents[r.Customer]
	// Within one customer's records CompareConsentRecords is 0 exactly
	// when the records are Equal.
	j, found := slices.BinarySearchFunc(rs, r, CompareConsentRecords)
	if found {
		return
	}
	s.consents[r.Customer] = slices.Insert(rs, j, r)
}

// ConsentRecords yields the consent records of the customer id stands for,
// ordered as [CompareConsentRecords] orders them, with times in UTC, as
// they were when iteration began. Once ctx is done it yields an error
// wrapping ctx.Err() and stops.
func (s *MemoryStore) ConsentRecords(ctx context.Context, id CustomerID) iter.Seq2[ConsentRecord, error] {
	return func(yield func(ConsentRecord, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(ConsentRecord{}, fmt.Errorf("engagement: consent records of %q: %w", id, err))
			return
		}
		s.mu.RLock()
		snap := slices.Clone(s.consents[s.resolve(id)])
		s.mu.RUnlock()
		done := ctx.Done()
		for _, r := range snap {
			if memoryDone(done) {
				yield(ConsentRecord{}, fmt.Errorf("engagement: consent records of %q: %w", id, ctx.Err()))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}
