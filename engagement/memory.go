package engagement

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"
)

// MemoryStore is a [Store] that keeps everything in memory. It is the
// default store: fine for tests, examples and data sets that fit in RAM,
// and the reference the conformance suite in engagement/storetest is
// checked against.
//
// A MemoryStore is safe for concurrent use. The zero value is an empty store
// ready to use; [NewMemoryStore] returns one too.
//
// Each customer's interactions are kept sorted by time, then ID, so reading
// one customer's history, or a time range of it, costs a binary search and
// a copy of what is selected. An iterator from [MemoryStore.Interactions] or
// [MemoryStore.Customers] reads a snapshot taken when iteration starts and
// holds no lock while it yields, so the loop body may call the store,
// Append included; it does not see what it appends.
//
// Besides [Store] it has the optional capabilities [IdentityStore] (merges
// of customer IDs), [ConsentStore] (consent records), [Eraser],
// [HistoryStore] (state records), [CheckpointStore] (versioned
// checkpoints) and [Leaser] (named leases among the goroutines of one
// process). An alias is one map look-up away from the customer it stands
// for, however long the chain of merges that made it. The store never
// reads the clock, except that a lease lapses by a runtime timer.
type MemoryStore struct {
	mu        sync.RWMutex
	customers map[CustomerID]Customer        // each a clone no one else holds; no alias among the keys
	byID      map[string]memoryKey           // where each stored interaction is
	history   map[CustomerID][]Interaction   // each sorted by time, then ID; no alias among the keys
	order     []CustomerID                   // keys of history, ascending
	consents  map[CustomerID][]ConsentRecord // each sorted by CompareConsentRecords, no two Equal
	aliases   map[CustomerID]CustomerID      // merged-away ID to the customer it stands for, never an alias
	aliasesOf map[CustomerID][]CustomerID    // the reverse of aliases
	merges    map[CustomerID][]Merge         // by the customer the merged IDs stand for, sorted by time, then From

	states      map[CustomerID][]StateRecord         // each sorted by time, none two at one time; no alias among the keys
	stateOrder  []CustomerID                         // keys of states, ascending
	checkpoints map[CustomerID]map[string]Checkpoint // by customer (no alias), then name

	leases memoryLeases // guarded by its own mutex, never held with mu
}

// memoryKey locates a stored interaction: its customer's history, and its
// place there by time (and then by ID).
type memoryKey struct {
	customer CustomerID
	time     time.Time
}

var (
	_ Store           = (*MemoryStore)(nil)
	_ IdentityStore   = (*MemoryStore)(nil)
	_ ConsentStore    = (*MemoryStore)(nil)
	_ Eraser          = (*MemoryStore)(nil)
	_ HistoryStore    = (*MemoryStore)(nil)
	_ CheckpointStore = (*MemoryStore)(nil)
	_ Leaser          = (*MemoryStore)(nil)
)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return new(MemoryStore) }

// PutCustomers inserts or replaces customers by ID, all or nothing: if any
// customer fails [Customer.Validate] it returns an error wrapping that
// *[FieldError], which names the customer's place in cs, and stores none.
// When an ID appears twice in cs the later customer wins. A customer whose
// ID was merged away ([MemoryStore.Merge]) replaces the customer it stands
// for, under that customer's ID. The store keeps copies, so the caller may
// change cs afterwards.
func (s *MemoryStore) PutCustomers(ctx context.Context, cs ...Customer) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: put customers: %w", err)
	}
	clones := make([]Customer, len(cs))
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("engagement: customer %d (id %q): %w", i, c.ID, err)
		}
		clones[i] = c.Clone()
	}
	if len(clones) == 0 {
		return nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: put customers: %w", err)
	}
	if s.customers == nil {
		s.customers = make(map[CustomerID]Customer, len(clones))
	}
	for _, c := range clones {
		c.ID = s.resolve(c.ID)
		s.customers[c.ID] = c
	}
	return nil
}

// Customer returns a copy of the customer with the given ID, or of the
// customer it was merged into, or an error wrapping [ErrNotFound] that
// names the ID.
func (s *MemoryStore) Customer(ctx context.Context, id CustomerID) (Customer, error) {
	if err := ctx.Err(); err != nil {
		return Customer{}, fmt.Errorf("engagement: customer %q: %w", id, err)
	}
	s.mu.RLock()
	c, ok := s.customers[s.resolve(id)]
	s.mu.RUnlock()
	if !ok {
		return Customer{}, fmt.Errorf("engagement: customer %q: %w", id, ErrNotFound)
	}
	return c.Clone(), nil
}

// Customers yields a copy of every stored customer in ascending order of ID,
// as they were when iteration began. Once ctx is done it yields an error
// wrapping ctx.Err() and stops.
func (s *MemoryStore) Customers(ctx context.Context) iter.Seq2[Customer, error] {
	return func(yield func(Customer, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Customer{}, fmt.Errorf("engagement: customers: %w", err))
			return
		}
		// Stored customers are never changed in place, only replaced, so
		// the snapshot may share their maps until each is cloned. No alias
		// has a record: a merge moves it to the customer it stands for.
		s.mu.RLock()
		snap := make([]Customer, 0, len(s.customers))
		for _, c := range s.customers {
			snap = append(snap, c)
		}
		s.mu.RUnlock()
		slices.SortFunc(snap, func(a, b Customer) int { return strings.Compare(string(a.ID), string(b.ID)) })

		done := ctx.Done()
		for _, c := range snap {
			if memoryDone(done) {
				yield(Customer{}, fmt.Errorf("engagement: customers: %w", ctx.Err()))
				return
			}
			if !yield(c.Clone(), nil) {
				return
			}
		}
	}
}

// Append stores a batch of interactions, all or nothing, with their times
// in UTC.
//
// It first validates every interaction; the first that fails
// [Interaction.Validate] fails the batch with an error that names its index
// and ID and wraps the *[FieldError] (so it matches [ErrInvalid]). Then it
// checks IDs against the stored interactions and the earlier ones in the
// batch: an interaction [Interaction.Equal] to the one already there is
// skipped, and one that differs fails the batch with an error naming the ID
// and wrapping [ErrConflict]. Only when the whole batch passes is any of it
// stored. An interaction naming a merged-away customer ID is stored, and
// compared, as the interaction of the customer that ID stands for.
//
// A batch costs O(k log k) for k new customers, plus a binary search per
// interaction that is not the newest of its customer.
func (s *MemoryStore) Append(ctx context.Context, batch ...Interaction) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: append: %w", err)
	}
	norm := make([]Interaction, len(batch))
	for i, in := range batch {
		if err := in.Validate(); err != nil {
			return fmt.Errorf("engagement: batch item %d (id %q): %w", i, in.ID, err)
		}
		in.Time = in.Time.UTC().Round(0) // UTC, and no monotonic reading
		norm[i] = in.Clone()
	}
	if len(norm) == 0 {
		return nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("engagement: append: %w", err)
	}

	// Decide what to add before adding anything. pending holds the batch's
	// new interactions by ID, for the intra-batch check.
	add := norm[:0]
	var pending map[string]Interaction
	if len(norm) > 1 {
		pending = make(map[string]Interaction, len(norm))
	}
	for i, in := range norm {
		in.Customer = s.resolve(in.Customer)
		prev, ok := s.lookup(in.ID)
		where := "stored"
		if !ok {
			prev, ok = pending[in.ID]
			where = "earlier in the batch"
		}
		if ok {
			if prev.Equal(in) {
				continue
			}
			return fmt.Errorf("engagement: batch item %d: id %q is %s with other content: %w", i, in.ID, where, ErrConflict)
		}
		if pending != nil {
			pending[in.ID] = in
		}
		add = append(add, in) // add aliases norm but never overtakes i
	}

	if s.byID == nil {
		s.byID = make(map[string]memoryKey, len(add))
		s.history = make(map[CustomerID][]Interaction)
	}
	var fresh []CustomerID // customers new to the store, for s.order
	for _, in := range add {
		s.byID[in.ID] = memoryKey{in.Customer, in.Time}
		h, ok := s.history[in.Customer]
		if !ok {
			fresh = append(fresh, in.Customer)
		}
		if n := len(h); n == 0 || memoryCompare(h[n-1], in) < 0 {
			// The common case: the newest interaction of its customer.
			s.history[in.Customer] = append(h, in)
			continue
		}
		j, _ := slices.BinarySearchFunc(h, in, memoryCompare)
		s.history[in.Customer] = slices.Insert(h, j, in)
	}
	s.order = memoryAddOrder(s.order, fresh)
	return nil
}

// memoryAddOrder returns order, ascending, with the IDs of fresh (in any
// order, none in order already, none twice) added in place: one sort and
// one merge, so that a batch of many new customers costs n log n and not
// an insertion into order for each.
func memoryAddOrder(order, fresh []CustomerID) []CustomerID {
	switch len(fresh) {
	case 0:
		return order
	case 1:
		j, _ := slices.BinarySearch(order, fresh[0])
		return slices.Insert(order, j, fresh[0])
	}
	slices.Sort(fresh)
	return memoryMergeSorted(order, fresh, cmp.Compare[CustomerID])
}

// memoryMergeSorted returns the elements of a and b, each sorted by
// compare, in one sorted slice (a's first on ties). It may reuse a's
// memory; a must not be used afterwards.
func memoryMergeSorted[S ~[]E, E any](a, b S, compare func(E, E) int) S {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 || compare(a[len(a)-1], b[0]) <= 0 {
		return append(a, b...)
	}
	n := len(a) + len(b)
	a = slices.Grow(a, len(b))[:n]
	// Fill from the back, so that the elements of a not yet placed are
	// never overwritten.
	i, j := n-len(b)-1, len(b)-1
	for k := n - 1; j >= 0; k-- {
		if i >= 0 && compare(a[i], b[j]) > 0 {
			a[k] = a[i]
			i--
		} else {
			a[k] = b[j]
			j--
		}
	}
	return a
}

// resolve returns the customer id stands for: the one it was merged into,
// or id itself. The caller holds s.mu.
func (s *MemoryStore) resolve(id CustomerID) CustomerID {
	if c, ok := s.aliases[id]; ok {
		return c
	}
	return id
}

// removeOrder removes id from s.order, if it is there. The caller holds
// s.mu for writing.
func (s *MemoryStore) removeOrder(id CustomerID) {
	if j, ok := slices.BinarySearch(s.order, id); ok {
		s.order = slices.Delete(s.order, j, j+1)
	}
}

// lookup returns the stored interaction with the given ID. The caller
// holds s.mu.
func (s *MemoryStore) lookup(id string) (Interaction, bool) {
	k, ok := s.byID[id]
	if !ok {
		return Interaction{}, false
	}
	h := s.history[k.customer]
	j, found := slices.BinarySearchFunc(h, Interaction{ID: id, Time: k.time}, memoryCompare)
	if !found {
		return Interaction{}, false // unreachable: byID and history agree
	}
	return h[j], true
}

// memoryCompare orders one customer's interactions: by time, then ID.
func memoryCompare(a, b Interaction) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Interactions yields copies of the stored interactions that q selects,
// ordered by customer ID, then time, then interaction ID, with times in
// UTC. A q.Customer that was merged away selects the interactions of the
// customer it stands for. It reads a snapshot taken when iteration begins.
// Once ctx is done it yields an error wrapping ctx.Err() and stops.
func (s *MemoryStore) Interactions(ctx context.Context, q Query) iter.Seq2[Interaction, error] {
	return s.interactions(ctx, q, Interaction.Clone)
}

// sharedInteractions is Interactions without copying Properties, for
// readers in this package that never change them ([Folder.FoldStore]):
// cloning a map per interaction is most of what a fold over a
// MemoryStore would cost.
func (s *MemoryStore) sharedInteractions(ctx context.Context, q Query) iter.Seq2[Interaction, error] {
	return s.interactions(ctx, q, func(in Interaction) Interaction { return in })
}

// interactions yields what q selects, each passed through out.
func (s *MemoryStore) interactions(ctx context.Context, q Query, out func(Interaction) Interaction) iter.Seq2[Interaction, error] {
	return func(yield func(Interaction, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Interaction{}, fmt.Errorf("engagement: interactions: %w", err))
			return
		}
		snap := s.selectRange(q)
		done := ctx.Done()
		for _, in := range snap {
			if memoryDone(done) {
				yield(Interaction{}, fmt.Errorf("engagement: interactions: %w", ctx.Err()))
				return
			}
			if !yield(out(in), nil) {
				return
			}
		}
	}
}

// selectRange copies out, under the read lock, the interactions q selects,
// in order. The copies share their Properties with the store, which never
// changes a stored map in place.
func (s *MemoryStore) selectRange(q Query) []Interaction {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if q.Customer != "" {
		return slices.Clone(memoryWindow(s.history[s.resolve(q.Customer)], q.From, q.To))
	}
	if q.From.IsZero() && q.To.IsZero() {
		snap := make([]Interaction, 0, len(s.byID))
		for _, id := range s.order {
			snap = append(snap, s.history[id]...)
		}
		return snap
	}
	// Find each window once, size the snapshot, then copy.
	windows := make([][]Interaction, len(s.order))
	n := 0
	for i, id := range s.order {
		windows[i] = memoryWindow(s.history[id], q.From, q.To)
		n += len(windows[i])
	}
	snap := make([]Interaction, 0, n)
	for _, w := range windows {
		snap = append(snap, w...)
	}
	return snap
}

// memoryWindow returns the part of h, sorted by time, that lies at or
// after from and before to; a zero bound is no bound.
func memoryWindow(h []Interaction, from, to time.Time) []Interaction {
	lo, hi := 0, len(h)
	if !from.IsZero() {
		lo = memoryFirstFrom(h, from)
	}
	if !to.IsZero() {
		hi = memoryFirstFrom(h, to)
	}
	if hi <= lo {
		return nil
	}
	return h[lo:hi]
}

// memoryFirstFrom returns the index of the first interaction in h, sorted
// by time, that is not before t.
func memoryFirstFrom(h []Interaction, t time.Time) int {
	i, _ := slices.BinarySearchFunc(h, t, func(in Interaction, t time.Time) int {
		if in.Time.Before(t) {
			return -1
		}
		return 1
	})
	return i
}

// Len returns the number of interactions stored.
func (s *MemoryStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.byID)
}

// memoryDone reports whether done, a context's Done channel, is closed. A
// nil channel (a context that can never be cancelled) is never done.
func memoryDone(done <-chan struct{}) bool {
	if done == nil {
		return false
	}
	select {
	case <-done:
		return true
	default:
		return false
	}
}
