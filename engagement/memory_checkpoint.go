package engagement

import (
	"context"
	"fmt"
	"slices"
)

// LoadCheckpoint returns a copy of the checkpoint of the customer id
// stands for and name, as [CheckpointStore.LoadCheckpoint] says: Customer
// is that customer, and Version is 0 and Value nil when none was saved. An
// empty or malformed customer or name is an error wrapping a
// *[FieldError].
func (s *MemoryStore) LoadCheckpoint(ctx context.Context, customer CustomerID, name string) (Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return Checkpoint{}, fmt.Errorf("engagement: load checkpoint %q of %q: %w", name, customer, err)
	}
	if err := checkCheckpointKey(customer, name); err != nil {
		return Checkpoint{}, fmt.Errorf("engagement: load checkpoint %q of %q: %w", name, customer, err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.resolve(customer)
	cp, ok := s.checkpoints[c][name]
	if !ok {
		return Checkpoint{Customer: c, Name: name}, nil
	}
	cp.Value = slices.Clone(cp.Value)
	return cp, nil
}

// checkCheckpointKey reports the first problem with a checkpoint's key as
// a *FieldError, or nil.
func checkCheckpointKey(customer CustomerID, name string) error {
	if err := checkKey("customer", string(customer), 0); err != nil {
		return err
	}
	return checkKey("name", name, MaxKeyBytes)
}

// SaveCheckpoint stores c as the next version of its checkpoint, as
// [CheckpointStore.SaveCheckpoint] says: only if the stored version is
// still c.Version, else it changes nothing and returns an error matching
// [ErrConflict] that names both versions. A c naming a merged-away ID
// saves the checkpoint of the customer it stands for. The store keeps a
// copy of c.Value, and the Saved time in UTC.
func (s *MemoryStore) SaveCheckpoint(ctx context.Context, c Checkpoint) (Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return Checkpoint{}, fmt.Errorf("engagement: save checkpoint %q of %q: %w", c.Name, c.Customer, err)
	}
	if err := c.Validate(); err != nil {
		return Checkpoint{}, fmt.Errorf("engagement: save checkpoint %q of %q: %w", c.Name, c.Customer, err)
	}
	value := slices.Clone(c.Value)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Checkpoint{}, fmt.Errorf("engagement: save checkpoint %q of %q: %w", c.Name, c.Customer, err)
	}
	id := s.resolve(c.Customer)
	cur := s.checkpoints[id][c.Name] // Version 0 when none was saved
	if cur.Version != c.Version {
		return Checkpoint{}, fmt.Errorf("engagement: save checkpoint %q of %q: saving over version %d, but version %d is stored: %w",
			c.Name, c.Customer, c.Version, cur.Version, ErrConflict)
	}
	stored := Checkpoint{Customer: id, Name: c.Name, Value: value, Version: c.Version + 1, Saved: c.Saved.UTC().Round(0)}
	if s.checkpoints == nil {
		s.checkpoints = make(map[CustomerID]map[string]Checkpoint)
	}
	byName := s.checkpoints[id]
	if byName == nil {
		byName = make(map[string]Checkpoint)
		s.checkpoints[id] = byName
	}
	byName[c.Name] = stored
	stored.Value = slices.Clone(value)
	return stored, nil
}

// moveCheckpoints files the checkpoints of from under into; where both
// have one of the same name, into's stays. The caller holds s.mu for
// writing; from is no alias, into is not from.
func (s *MemoryStore) moveCheckpoints(from, into CustomerID) {
	cf := s.checkpoints[from]
	if len(cf) == 0 {
		return
	}
	delete(s.checkpoints, from)
	ci := s.checkpoints[into]
	if ci == nil {
		ci = make(map[string]Checkpoint, len(cf))
		s.checkpoints[into] = ci
	}
	for name, cp := range cf {
		if _, ok := ci[name]; ok {
			continue
		}
		cp.Customer = into
		ci[name] = cp
	}
}
