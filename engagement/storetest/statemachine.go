package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"pgregory.net/rapid"
)

// machine drives a store and a map model of it with the same operations
// (rapid's state-machine testing): each exported method is an action, and
// Check compares the two after every action.
//
// Customer IDs and times come from small pools, so replacements, ties in
// time and query bounds that fall on stored times are common. Interaction
// IDs are fresh on every draw; repeats, identical or changed, are made on
// purpose.
//
// When the store has the optional capabilities, Merge, RecordConsent,
// Erase, RecordStates and SaveCheckpoint are actions too, and the model resolves aliases in every call as
// [engagement.IdentityStore] says; without them those actions skip.
type machine struct {
	store    engagement.Store
	identity engagement.IdentityStore   // nil when the store has no merges
	consent  engagement.ConsentStore    // nil when the store keeps no consent records
	eraser   engagement.Eraser          // nil when the store cannot erase
	history  engagement.HistoryStore    // nil when the store keeps no state records
	cps      engagement.CheckpointStore // nil when the store keeps no checkpoints

	customers    map[engagement.CustomerID]engagement.Customer // no alias among the keys
	interactions map[string]engagement.Interaction             // each under the customer it resolves to
	aliases      map[engagement.CustomerID]engagement.CustomerID
	consents     map[engagement.CustomerID][]engagement.ConsentRecord // sorted, none Equal
	merges       map[engagement.CustomerID][]engagement.Merge         // sorted by Time, then From
	next         int                                                  // number of interaction IDs handed out
	pseudonyms   []engagement.CustomerID                              // handed out so far
	states       modelStates                                          // each under the customer it resolves to
	checkpoints  map[engagement.CustomerID]map[string]engagement.Checkpoint

	pool        []engagement.CustomerID
	customerIDs *rapid.Generator[engagement.CustomerID]
	times       *rapid.Generator[time.Time]
}

func newMachine(s engagement.Store) *machine {
	pool := []engagement.CustomerID{"a", "a2", "b", "B", "c"}
	m := &machine{
		store:        s,
		customers:    make(map[engagement.CustomerID]engagement.Customer),
		interactions: make(map[string]engagement.Interaction),
		aliases:      make(map[engagement.CustomerID]engagement.CustomerID),
		consents:     make(map[engagement.CustomerID][]engagement.ConsentRecord),
		merges:       make(map[engagement.CustomerID][]engagement.Merge),
		checkpoints:  make(map[engagement.CustomerID]map[string]engagement.Checkpoint),
		pool:         pool,
		customerIDs:  rapid.SampledFrom(pool),
	}
	m.identity, _ = s.(engagement.IdentityStore)
	m.consent, _ = s.(engagement.ConsentStore)
	m.eraser, _ = s.(engagement.Eraser)
	m.history, _ = s.(engagement.HistoryStore)
	m.cps, _ = s.(engagement.CheckpointStore)
	m.times = rapid.Custom(func(t *rapid.T) time.Time {
		h := rapid.IntRange(0, 6).Draw(t, "hour")
		ns := rapid.IntRange(-1, 1).Draw(t, "nanoseconds")
		zone := rapid.SampledFrom(zones()).Draw(t, "zone")
		return epoch().Add(time.Duration(h)*time.Hour + time.Duration(ns)).In(zone)
	})
	return m
}

// PutCustomers stores up to four customers, sometimes with an invalid one
// among them that must make the whole call fail.
func (m *machine) PutCustomers(t *rapid.T) {
	cs := rapid.SliceOfN(customerFrom(m.customerIDs), 0, 4).Draw(t, "customers")
	invalid := rapid.IntRange(0, 4).Draw(t, "invalid") == 0
	if invalid {
		c := customerFrom(m.customerIDs).Draw(t, "invalid_customer")
		switch rapid.SampledFrom([]string{"id", "group", "consent"}).Draw(t, "invalid_field") {
		case "id":
			c.ID = ""
		case "group":
			c.Group = engagement.Group(99)
		case "consent":
			c.Consent = engagement.Consent(99)
		}
		at := rapid.IntRange(0, len(cs)).Draw(t, "invalid_at")
		cs = slices.Insert(cs, at, c)
	}

	err := m.store.PutCustomers(context.Background(), cs...)
	if invalid {
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("PutCustomers with an invalid customer: got error %v, want a *FieldError matching ErrInvalid", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("PutCustomers: unexpected error: %v", err)
	}
	for _, c := range cs {
		c = c.Clone()
		c.ID = m.resolve(c.ID)
		m.customers[c.ID] = c
	}
	// The store must have kept copies.
	for _, c := range cs {
		for k := range c.Attributes {
			c.Attributes[k] = "changed by caller"
		}
		for k := range c.Traits {
			c.Traits[k] = engagement.StringValue("changed by caller")
		}
	}
}

// Append appends a batch of up to four new interactions, sometimes with a
// stored interaction repeated (as it is, written otherwise, or changed), an
// earlier item of the batch repeated the same ways, or an invalid
// interaction, and checks the outcome the model predicts.
func (m *machine) Append(t *rapid.T) {
	fresh := interactionFrom(rapid.Just(""), m.customerIDs, m.times)
	batch := rapid.SliceOfN(fresh, 0, 4).Draw(t, "batch")
	for i := range batch {
		batch[i].ID = m.newID()
	}
	if len(m.interactions) > 0 && rapid.IntRange(0, 2).Draw(t, "repeat_stored") == 0 {
		ids := slices.Sorted(maps.Keys(m.interactions))
		id := rapid.SampledFrom(ids).Draw(t, "stored_id")
		at := rapid.IntRange(0, len(batch)).Draw(t, "repeat_stored_at")
		batch = slices.Insert(batch, at, repeat(t, m.interactions[id]))
	}
	if len(batch) > 0 && rapid.IntRange(0, 3).Draw(t, "repeat_in_batch") == 0 {
		i := rapid.IntRange(0, len(batch)-1).Draw(t, "repeat_of")
		at := rapid.IntRange(i+1, len(batch)).Draw(t, "repeat_at")
		batch = slices.Insert(batch, at, repeat(t, batch[i]))
	}
	invalid := false
	if rapid.IntRange(0, 5).Draw(t, "invalid") == 0 {
		bad := invalidInteractions()
		what := rapid.SampledFrom(slices.Sorted(maps.Keys(bad))).Draw(t, "invalid_what")
		in := bad[what]
		in.ID = m.newID()
		if what == "empty id" {
			in.ID = ""
		}
		at := rapid.IntRange(0, len(batch)).Draw(t, "invalid_at")
		batch = slices.Insert(batch, at, in)
		invalid = true
	}

	// What the model says: the new interactions, and whether any reuses an
	// ID with other content.
	var (
		add      []engagement.Interaction
		conflict bool
		seen     = make(map[string]engagement.Interaction)
	)
	for _, in := range batch {
		if in.Validate() != nil {
			continue
		}
		in.Customer = m.resolve(in.Customer)
		prev, ok := m.interactions[in.ID]
		if !ok {
			prev, ok = seen[in.ID]
		}
		if ok {
			conflict = conflict || !prev.Equal(in)
			continue
		}
		seen[in.ID] = in
		add = append(add, in)
	}

	ids := make([]string, len(batch))
	for i, in := range batch {
		ids[i] = in.ID
	}
	t.Logf("Append of ids %q (conflict %v, invalid %v)", ids, conflict, invalid)
	err := m.store.Append(context.Background(), batch...)
	switch {
	case invalid:
		var fe *engagement.FieldError
		isInvalid := errors.Is(err, engagement.ErrInvalid) && errors.As(err, &fe)
		if !isInvalid && !(conflict && errors.Is(err, engagement.ErrConflict)) {
			t.Fatalf("Append with an invalid interaction: got error %v, want a *FieldError matching ErrInvalid", err)
		}
	case conflict:
		if !errors.Is(err, engagement.ErrConflict) {
			t.Fatalf("Append reusing an ID with other content: got error %v, want one matching ErrConflict", err)
		}
	case err != nil:
		t.Fatalf("Append: unexpected error: %v", err)
	default:
		for _, in := range add {
			m.interactions[in.ID] = in
		}
	}
}

// repeat returns in itself, in written otherwise, or in with one field
// changed.
func repeat(t *rapid.T, in engagement.Interaction) engagement.Interaction {
	switch rapid.SampledFrom([]string{"same", "reshaped", "changed"}).Draw(t, "repeat") {
	case "reshaped":
		return reshaped(in)
	case "changed":
		vs := variants(in)
		field := rapid.SampledFrom(slices.Sorted(maps.Keys(vs))).Draw(t, "changed_field")
		return vs[field]
	}
	return in
}

func (m *machine) newID() string {
	m.next++
	return fmt.Sprintf("i%03d", m.next)
}

// Customer reads one customer, stored or not.
func (m *machine) Customer(t *rapid.T) {
	id := m.customerIDs.Draw(t, "id")
	got, err := m.store.Customer(context.Background(), id)
	want, ok := m.customers[m.resolve(id)]
	switch {
	case !ok:
		if !errors.Is(err, engagement.ErrNotFound) {
			t.Fatalf("Customer(%q) not stored: got error %v, want one matching ErrNotFound", id, err)
		}
		return
	case err != nil:
		t.Fatalf("Customer(%q): unexpected error: %v", id, err)
	}
	var p problems
	diffCustomers(&p, fmt.Sprintf("Customer(%q)", id), []engagement.Customer{want}, []engagement.Customer{got})
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
	// Changing what the store returned must not change what it holds.
	for k := range got.Attributes {
		got.Attributes[k] = "changed by caller"
	}
	for k := range got.Traits {
		got.Traits[k] = engagement.StringValue("changed by caller")
	}
}

// Query reads the interactions a drawn query selects.
func (m *machine) Query(t *rapid.T) {
	bound := rapid.OneOf(rapid.Just(time.Time{}), m.times)
	q := engagement.Query{
		Customer: rapid.OneOf(rapid.Just(engagement.CustomerID("")), m.customerIDs).Draw(t, "query_customer"),
		From:     bound.Draw(t, "query_from"),
		To:       bound.Draw(t, "query_to"),
	}
	var p problems
	if got, ok := interactions(&p, m.store, q); ok {
		resolved := q
		resolved.Customer = m.resolve(q.Customer)
		want := selected(slices.Collect(maps.Values(m.interactions)), resolved)
		diffInteractions(&p, "Interactions("+queryString(q)+")", want, got)
	}
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
}

// Check compares everything the store holds with the model.
func (m *machine) Check(t *rapid.T) {
	var p problems
	if got, ok := customers(&p, m.store); ok {
		want := slices.SortedFunc(maps.Values(m.customers), func(a, b engagement.Customer) int {
			switch {
			case a.ID < b.ID:
				return -1
			case a.ID > b.ID:
				return 1
			}
			return 0
		})
		diffCustomers(&p, "Customers", want, got)
	}
	if got, ok := interactions(&p, m.store, engagement.Query{}); ok {
		want := selected(slices.Collect(maps.Values(m.interactions)), engagement.Query{})
		diffInteractions(&p, "Interactions({})", want, got)
	}
	ids := slices.Concat(m.pool, m.pseudonyms)
	for _, id := range ids {
		c := m.resolve(id)
		if m.identity != nil {
			checkResolve(&p, m.identity, "the actions so far", id, c)
			if got, ok := mergesOf(&p, m.identity, id); ok {
				diffMerges(&p, fmt.Sprintf("Merges(%q)", id), m.merges[c], got)
			}
		}
		if m.consent != nil {
			if got, ok := consentsOf(&p, m.consent, id); ok {
				diffConsents(&p, fmt.Sprintf("ConsentRecords(%q)", id), m.consents[c], got)
			}
		}
		if m.history != nil {
			checkStates(&p, m.history, "the actions so far", id, m.states.window(c, time.Time{}, time.Time{}))
		}
		if m.cps != nil {
			for _, name := range checkpointNames {
				if want, ok := m.checkpoints[c][name]; ok {
					checkCheckpoint(&p, m.cps, "the actions so far", id, name, want)
				} else {
					checkNoCheckpoint(&p, m.cps, "the actions so far", id, name)
				}
			}
		}
	}
	if m.history != nil {
		for _, asOf := range []time.Time{
			epoch().Add(-time.Nanosecond), epoch().Add(time.Hour), epoch().Add(3*time.Hour - time.Nanosecond),
			epoch().Add(3 * time.Hour), epoch().Add(7 * time.Hour),
		} {
			checkLatest(&p, m.history, "the actions so far", asOf, m.states.latest(asOf), "each customer's latest at or before")
		}
	}
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
}
