package engagement

import (
	"context"
	"fmt"
)

// Erase removes the customer e names, as [Eraser.Erase] says, all or
// nothing. With [EraseAnonymise] the pseudonym must be an ID the store
// holds in no role at all: no customer record, no interaction, no consent
// record, no state record, no checkpoint, no alias and no merge names it, or Erase fails with an error
// matching [ErrConflict] and changes nothing. A customer the store knows
// nothing of is no error: the report names it and counts nothing.
func (s *MemoryStore) Erase(ctx context.Context, e Erasure) (ErasureReport, error) {
	if err := ctx.Err(); err != nil {
		return ErasureReport{}, fmt.Errorf("engagement: erase %q: %w", e.Customer, err)
	}
	if err := e.Validate(); err != nil {
		return ErasureReport{}, fmt.Errorf("engagement: erase %q: %w", e.Customer, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return ErasureReport{}, fmt.Errorf("engagement: erase %q: %w", e.Customer, err)
	}
	c := s.resolve(e.Customer)
	rep := ErasureReport{Customer: c}
	if !s.knows(c) {
		return rep, nil
	}
	if e.Mode == EraseAnonymise && s.knows(e.Pseudonym) {
		return ErasureReport{}, fmt.Errorf("engagement: erase %q: pseudonym %q is an ID the store holds already: %w", e.Customer, e.Pseudonym, ErrConflict)
	}

	if _, ok := s.customers[c]; ok {
		rep.Record = true
		delete(s.customers, c)
	}
	if h := s.history[c]; len(h) > 0 {
		rep.Interactions = len(h)
		delete(s.history, c)
		s.removeOrder(c)
		if e.Mode == EraseAnonymise {
			s.anonymise(h, e.Pseudonym)
		} else {
			for _, in := range h {
				delete(s.byID, in.ID)
			}
		}
	}
	rep.Consents = len(s.consents[c])
	delete(s.consents, c)
	rep.Aliases = len(s.aliasesOf[c])
	for _, a := range s.aliasesOf[c] {
		delete(s.aliases, a)
	}
	delete(s.aliasesOf, c)
	delete(s.merges, c)
	rep.States = s.removeStates(c)
	rep.Checkpoints = len(s.checkpoints[c])
	delete(s.checkpoints, c)
	return rep, nil
}

// anonymise files h, a history removed from the store, under pseudonym,
// an ID the store does not hold, without properties. The caller holds
// s.mu for writing.
func (s *MemoryStore) anonymise(h []Interaction, pseudonym CustomerID) {
	moved := make([]Interaction, len(h))
	for i, in := range h {
		in.Customer = pseudonym
		in.Properties = nil
		moved[i] = in
		s.byID[in.ID] = memoryKey{pseudonym, in.Time}
	}
	s.history[pseudonym] = moved // the order by time and ID is unchanged
	s.order = memoryAddOrder(s.order, []CustomerID{pseudonym})
}

// knows reports whether id is held by the store in any role: a customer
// record, a customer of interactions, consent records, state records or
// checkpoints, an alias, or a customer aliases stand for. The caller holds s.mu.
func (s *MemoryStore) knows(id CustomerID) bool {
	if _, ok := s.customers[id]; ok {
		return true
	}
	if _, ok := s.aliases[id]; ok {
		return true
	}
	return len(s.history[id]) > 0 || len(s.consents[id]) > 0 ||
		len(s.aliasesOf[id]) > 0 || len(s.merges[id]) > 0 ||
		len(s.states[id]) > 0 || len(s.checkpoints[id]) > 0
}
