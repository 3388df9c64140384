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

// The state machine's actions and model for the optional capabilities:
// merges, consent records, erasure, state records and checkpoints.

// resolve returns the customer id stands for in the model.
func (m *machine) resolve(id engagement.CustomerID) engagement.CustomerID {
	if c, ok := m.aliases[id]; ok {
		return c
	}
	return id
}

// knows reports whether the model holds id in any role.
func (m *machine) knows(id engagement.CustomerID) bool {
	if _, ok := m.customers[id]; ok {
		return true
	}
	if _, ok := m.aliases[id]; ok {
		return true
	}
	if len(m.consents[id]) > 0 || len(m.merges[id]) > 0 || len(m.checkpoints[id]) > 0 {
		return true
	}
	for _, r := range m.states {
		if r.Customer == id {
			return true
		}
	}
	for _, c := range m.aliases {
		if c == id {
			return true
		}
	}
	for _, in := range m.interactions {
		if in.Customer == id {
			return true
		}
	}
	return false
}

// addConsent adds r to the model unless an Equal record is there.
func (m *machine) addConsent(r engagement.ConsentRecord) {
	rs := m.consents[r.Customer]
	if slices.ContainsFunc(rs, r.Equal) {
		return
	}
	rs = append(rs, r)
	slices.SortFunc(rs, engagement.CompareConsentRecords)
	m.consents[r.Customer] = rs
}

// Merge merges two customers drawn from the pool (sometimes one into
// itself, which is invalid) and checks the outcome the model predicts.
func (m *machine) Merge(t *rapid.T) {
	if m.identity == nil {
		t.Skip("the store is no engagement.IdentityStore")
	}
	mg := engagement.Merge{
		From:   m.customerIDs.Draw(t, "merge_from"),
		Into:   m.customerIDs.Draw(t, "merge_into"),
		Time:   m.times.Draw(t, "merge_time"),
		Reason: rapid.SampledFrom([]string{"", "login", "same e-mail"}).Draw(t, "merge_reason"),
	}
	err := m.identity.Merge(context.Background(), mg)
	call := fmt.Sprintf("Merge(%v)", mg)
	if mg.Validate() != nil {
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("%s: got error %v, want a *FieldError matching ErrInvalid", call, err)
		}
		return
	}
	into := m.resolve(mg.Into)
	if cur, ok := m.aliases[mg.From]; ok {
		if cur == into {
			if err != nil {
				t.Fatalf("%s, %q standing for %q already: got error %v, want nil", call, mg.From, cur, err)
			}
			return
		}
		if !errors.Is(err, engagement.ErrConflict) {
			t.Fatalf("%s, %q standing for %q already: got error %v, want one matching ErrConflict", call, mg.From, cur, err)
		}
		return
	}
	if into == mg.From {
		if !errors.Is(err, engagement.ErrConflict) {
			t.Fatalf("%s, %q standing for %q (a cycle): got error %v, want one matching ErrConflict", call, mg.Into, mg.From, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", call, err)
	}

	from := mg.From
	for id, in := range m.interactions {
		if in.Customer == from {
			in.Customer = into
			m.interactions[id] = in
		}
	}
	for _, r := range m.consents[from] {
		r.Customer = into
		m.addConsent(r)
	}
	delete(m.consents, from)
	var kept modelStates
	for _, r := range m.states {
		if r.Customer != from {
			kept = append(kept, r)
		}
	}
	for _, r := range m.states {
		if r.Customer == from && len(kept.window(into, r.Time, r.Time.Add(time.Nanosecond))) == 0 {
			r.Customer = into // a record of into at the same time stays
			kept = append(kept, r)
		}
	}
	m.states = kept
	for name, c := range m.checkpoints[from] {
		if _, ok := m.checkpoints[into][name]; ok {
			continue // into's stays
		}
		if m.checkpoints[into] == nil {
			m.checkpoints[into] = make(map[string]engagement.Checkpoint)
		}
		c.Customer = into
		m.checkpoints[into][name] = c
	}
	delete(m.checkpoints, from)
	if cf, ok := m.customers[from]; ok {
		delete(m.customers, from)
		if ci, ok := m.customers[into]; ok {
			m.customers[into] = engagement.MergeCustomers(ci, cf)
		} else {
			cf.ID = into
			m.customers[into] = cf
		}
	}
	for a, c := range m.aliases {
		if c == from {
			m.aliases[a] = into
		}
	}
	m.aliases[from] = into
	ms := slices.Concat(m.merges[into], m.merges[from], []engagement.Merge{mg})
	slices.SortFunc(ms, compareMerges)
	m.merges[into] = ms
	delete(m.merges, from)
}

// consentGen returns a generator of valid consent records for customers
// from the pool at times near the machine's.
func (m *machine) consentGen() *rapid.Generator[engagement.ConsentRecord] {
	return rapid.Custom(func(t *rapid.T) engagement.ConsentRecord {
		r := engagement.ConsentRecord{
			Customer: m.customerIDs.Draw(t, "consent_customer"),
			Purpose:  rapid.SampledFrom([]engagement.Purpose{engagement.PurposeMarketing, engagement.PurposeService}).Draw(t, "purpose"),
			Channel:  rapid.SampledFrom([]string{"", engagement.ChannelEmail, engagement.ChannelSMS}).Draw(t, "channel"),
			State:    rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "state"),
			Time:     m.times.Draw(t, "consent_time"),
			Source:   rapid.SampledFrom([]string{"", "signup form", "unsubscribe link"}).Draw(t, "source"),
		}
		if r.State == engagement.ConsentGiven && rapid.Bool().Draw(t, "expires") {
			r.Expires = r.Time.Add(time.Duration(rapid.IntRange(1, 48).Draw(t, "expires_hours")) * time.Hour)
		}
		return r
	})
}

// RecordConsent records up to three consent records, sometimes with a
// stored one again or an invalid one that must fail the whole call.
func (m *machine) RecordConsent(t *rapid.T) {
	if m.consent == nil {
		t.Skip("the store is no engagement.ConsentStore")
	}
	rs := rapid.SliceOfN(m.consentGen(), 0, 3).Draw(t, "consents")
	var stored []engagement.ConsentRecord
	for _, id := range slices.Sorted(maps.Keys(m.consents)) {
		stored = append(stored, m.consents[id]...)
	}
	if len(stored) > 0 && rapid.IntRange(0, 2).Draw(t, "repeat_consent") == 0 {
		r := rapid.SampledFrom(stored).Draw(t, "stored_consent")
		r.Time = r.Time.In(rapid.SampledFrom(zones()).Draw(t, "consent_zone"))
		rs = slices.Insert(rs, rapid.IntRange(0, len(rs)).Draw(t, "repeat_consent_at"), r)
	}
	invalid := rapid.IntRange(0, 5).Draw(t, "invalid_consent") == 0
	if invalid {
		bad := m.consentGen().Draw(t, "invalid_record")
		bad.State = engagement.ConsentUnknown
		rs = slices.Insert(rs, rapid.IntRange(0, len(rs)).Draw(t, "invalid_consent_at"), bad)
	}
	err := m.consent.RecordConsent(context.Background(), rs...)
	if invalid {
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("RecordConsent(%+v) with a record in state unknown: got error %v, want a *FieldError matching ErrInvalid", rs, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("RecordConsent(%+v): unexpected error: %v", rs, err)
	}
	for _, r := range rs {
		r.Customer = m.resolve(r.Customer)
		m.addConsent(r)
	}
}

// Erase erases a customer from the pool, by either mode or an invalid
// one, under a fresh pseudonym, one handed out before or one from the
// pool, and checks the outcome and report the model predicts.
func (m *machine) Erase(t *rapid.T) {
	if m.eraser == nil {
		t.Skip("the store is no engagement.Eraser")
	}
	e := engagement.Erasure{
		Customer: m.customerIDs.Draw(t, "erase_customer"),
		Mode:     rapid.SampledFrom([]engagement.ErasureMode{engagement.EraseDelete, engagement.EraseAnonymise, 0}).Draw(t, "erase_mode"),
	}
	fresh := engagement.CustomerID(fmt.Sprintf("anon-%d", len(m.pseudonyms)+1))
	pseudonyms := append([]engagement.CustomerID{fresh}, m.pseudonyms...)
	e.Pseudonym = rapid.OneOf(rapid.SampledFrom(pseudonyms), m.customerIDs).Draw(t, "pseudonym")
	if e.Mode == engagement.EraseAnonymise && e.Pseudonym == fresh {
		m.pseudonyms = append(m.pseudonyms, fresh)
	}

	rep, err := m.eraser.Erase(context.Background(), e)
	call := fmt.Sprintf("Erase(%+v)", e)
	if e.Validate() != nil {
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("%s: got error %v, want a *FieldError matching ErrInvalid", call, err)
		}
		return
	}
	c := m.resolve(e.Customer)
	if !m.knows(c) {
		if err != nil {
			t.Fatalf("%s of a customer the store knows nothing of: got error %v, want nil", call, err)
		}
		var p problems
		checkEmptyReport(&p, call, c, rep)
		if err := p.err(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if e.Mode == engagement.EraseAnonymise && m.knows(e.Pseudonym) {
		if !errors.Is(err, engagement.ErrConflict) {
			t.Fatalf("%s, the pseudonym held already: got error %v, want one matching ErrConflict", call, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", call, err)
	}

	want := engagement.ErasureReport{Customer: c, Consents: len(m.consents[c])}
	if _, ok := m.customers[c]; ok {
		want.Record = true
		delete(m.customers, c)
	}
	for id, in := range m.interactions {
		if in.Customer != c {
			continue
		}
		want.Interactions++
		if e.Mode == engagement.EraseDelete {
			delete(m.interactions, id)
			continue
		}
		in.Customer, in.Properties = e.Pseudonym, nil
		m.interactions[id] = in
	}
	for a, to := range m.aliases {
		if to == c {
			want.Aliases++
			delete(m.aliases, a)
		}
	}
	delete(m.consents, c)
	delete(m.merges, c)
	var kept modelStates
	for _, r := range m.states {
		if r.Customer == c {
			want.States++
		} else {
			kept = append(kept, r)
		}
	}
	m.states = kept
	want.Checkpoints = len(m.checkpoints[c])
	delete(m.checkpoints, c)
	if rep != want {
		t.Fatalf("%s reported %+v, want %+v", call, rep, want)
	}
}

// checkpointNames are the names the state machine saves checkpoints
// under.
var checkpointNames = []string{"play/a", "play/b"}

// stateGen returns a generator of valid state records for customers from
// the pool at the machine's times.
func (m *machine) stateGen() *rapid.Generator[engagement.StateRecord] {
	return rapid.Custom(func(t *rapid.T) engagement.StateRecord {
		r := engagement.StateRecord{
			Customer: m.customerIDs.Draw(t, "state_customer"),
			Time:     m.times.Draw(t, "state_time"),
			Stage:    rapid.SampledFrom([]string{"new", "active", "lapsed"}).Draw(t, "stage"),
			Band:     rapid.SampledFrom([]string{"", "red", "green"}).Draw(t, "band"),
		}
		if r.Band != "" {
			r.Score = rapid.SampledFrom([]float64{0, 21.5, 59, 100}).Draw(t, "score")
		}
		return r
	})
}

// RecordStates records up to three state records, sometimes one at the
// time of a stored record (a replacement) or an invalid one that must
// fail the whole call.
func (m *machine) RecordStates(t *rapid.T) {
	if m.history == nil {
		t.Skip("the store is no engagement.HistoryStore")
	}
	rs := rapid.SliceOfN(m.stateGen(), 0, 3).Draw(t, "states")
	if len(m.states) > 0 && rapid.IntRange(0, 2).Draw(t, "replace_state") == 0 {
		r := m.stateGen().Draw(t, "replacement")
		old := rapid.SampledFrom(m.states).Draw(t, "replaced")
		r.Customer, r.Time = old.Customer, old.Time.In(rapid.SampledFrom(zones()).Draw(t, "state_zone"))
		rs = slices.Insert(rs, rapid.IntRange(0, len(rs)).Draw(t, "replace_at"), r)
	}
	invalid := rapid.IntRange(0, 5).Draw(t, "invalid_state") == 0
	if invalid {
		bad := m.stateGen().Draw(t, "invalid_record")
		if rapid.Bool().Draw(t, "no_stage") {
			bad.Stage = ""
		} else {
			bad.Band, bad.Score = "red", 101
		}
		rs = slices.Insert(rs, rapid.IntRange(0, len(rs)).Draw(t, "invalid_state_at"), bad)
	}
	err := m.history.RecordStates(context.Background(), rs...)
	if invalid {
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("RecordStates(%+v) with an invalid record: got error %v, want a *FieldError matching ErrInvalid", rs, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("RecordStates(%+v): unexpected error: %v", rs, err)
	}
	for _, r := range rs {
		r.Customer = m.resolve(r.Customer)
		m.states = m.states.add(r)
	}
}

// SaveCheckpoint saves a checkpoint of a customer from the pool, mostly
// over the version the model holds, sometimes over a stale or future one
// (a conflict) or an invalid one, and checks the outcome the model
// predicts.
func (m *machine) SaveCheckpoint(t *rapid.T) {
	if m.cps == nil {
		t.Skip("the store is no engagement.CheckpointStore")
	}
	c := engagement.Checkpoint{
		Customer: m.customerIDs.Draw(t, "checkpoint_customer"),
		Name:     rapid.SampledFrom(checkpointNames).Draw(t, "checkpoint_name"),
		Value:    rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "value"),
		Saved:    m.times.Draw(t, "saved"),
	}
	id := m.resolve(c.Customer)
	cur := m.checkpoints[id][c.Name]
	c.Version = cur.Version + int64(rapid.SampledFrom([]int{0, 0, 0, -1, 1}).Draw(t, "version_offset"))
	invalid := false
	switch {
	case c.Version < 0:
		invalid = true // a negative version
	case rapid.IntRange(0, 7).Draw(t, "invalid_checkpoint") == 0:
		c.Saved, invalid = time.Time{}, true
	}
	call := fmt.Sprintf("SaveCheckpoint(%s) with version %d stored", checkpointString(c), cur.Version)
	got, err := m.cps.SaveCheckpoint(context.Background(), c)
	switch {
	case invalid:
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("%s, invalid: got error %v, want a *FieldError matching ErrInvalid", call, err)
		}
	case c.Version != cur.Version:
		if !errors.Is(err, engagement.ErrConflict) {
			t.Fatalf("%s: got %s, error %v; want an error matching ErrConflict", call, checkpointString(got), err)
		}
	case err != nil:
		t.Fatalf("%s: unexpected error: %v", call, err)
	default:
		want := c
		want.Customer, want.Version = id, cur.Version+1
		want.Value = slices.Clone(c.Value)
		if !equalCheckpoints(got, want) {
			t.Fatalf("%s returned %s, want %s", call, checkpointString(got), checkpointString(want))
		}
		if m.checkpoints[id] == nil {
			m.checkpoints[id] = make(map[string]engagement.Checkpoint)
		}
		m.checkpoints[id][c.Name] = want
	}
}
