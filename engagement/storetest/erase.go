package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/engagekit/engage/engagement"
)

// erasable is what the erasure clauses store before they erase: customer
// c-1 with a record, interactions with properties, consent records, state
// records and checkpoints (when the store keeps them) and an alias anon-1
// with an interaction, a state record and a checkpoint of its own (when
// the store merges); and customer c-2, who must be left alone.
type erasable struct {
	history     []engagement.Interaction // c-1's, its alias's included, as filed under c-1
	consents    int                      // c-1's consent records
	aliases     int                      // IDs that stand for c-1
	states      int                      // c-1's state records, its alias's included
	checkpoints int                      // c-1's checkpoints, its alias's included
	target      engagement.CustomerID    // the ID to erase: the alias when there is one
	ids         []engagement.CustomerID  // every customer ID in play, for snapshots
}

func setUpErasure(s engagement.Store) (erasable, error) {
	ctx := context.Background()
	t0 := epoch()
	e := erasable{target: "c-1", ids: []engagement.CustomerID{"c-1", "c-2", "anon-1"}}
	mine := []engagement.Interaction{
		purchase("p-1", "c-1", t0.Add(time.Hour), 1999),
		purchase("p-2", "c-1", t0.Add(2*time.Hour), 500),
	}
	mine[0].Properties = engagement.Properties{"order_id": engagement.StringValue("o-1"), "email": engagement.StringValue("ada@example.com")}
	theirs := purchase("p-3", "c-2", t0.Add(90*time.Minute), 700)
	theirs.Properties = engagement.Properties{"order_id": engagement.StringValue("o-2")}
	if err := s.Append(ctx, append(slices.Clone(mine), theirs)...); err != nil {
		return e, fmt.Errorf("Append: %v", err)
	}
	if err := s.PutCustomers(ctx,
		engagement.Customer{ID: "c-1", Name: "Ada", Traits: engagement.Properties{"plan": engagement.StringValue("pro")}},
		engagement.Customer{ID: "c-2", Name: "Bo"},
	); err != nil {
		return e, fmt.Errorf("PutCustomers: %v", err)
	}
	if cs, ok := s.(engagement.ConsentStore); ok {
		rs := []engagement.ConsentRecord{
			{Customer: "c-1", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: t0},
			{Customer: "c-1", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused, Time: t0.Add(time.Hour)},
			{Customer: "c-2", Purpose: engagement.PurposeService, State: engagement.ConsentGiven, Time: t0},
		}
		if err := cs.RecordConsent(ctx, rs...); err != nil {
			return e, fmt.Errorf("RecordConsent: %v", err)
		}
		e.consents = 2
	}
	hs, hasHistory := s.(engagement.HistoryStore)
	if hasHistory {
		rs := []engagement.StateRecord{
			state("c-1", t0, "new", "", 0),
			state("c-1", t0.Add(time.Hour), "active", "green", 80),
			state("c-2", t0, "active", "yellow", 50),
		}
		if err := hs.RecordStates(ctx, rs...); err != nil {
			return e, fmt.Errorf("RecordStates: %v", err)
		}
		e.states = 2
	}
	cs, hasCheckpoints := s.(engagement.CheckpointStore)
	if hasCheckpoints {
		for _, c := range []engagement.Checkpoint{
			{Customer: "c-1", Name: "play/welcome", Value: []byte("step 2"), Saved: t0},
			{Customer: "c-2", Name: "play/welcome", Value: []byte("step 1"), Saved: t0},
		} {
			if _, err := cs.SaveCheckpoint(ctx, c); err != nil {
				return e, fmt.Errorf("SaveCheckpoint(%s): %v", checkpointString(c), err)
			}
		}
		e.checkpoints = 1
	}
	if is, ok := s.(engagement.IdentityStore); ok {
		if hasHistory {
			r := state("anon-1", t0.Add(30*time.Minute), "new", "", 0)
			if err := hs.RecordStates(ctx, r); err != nil {
				return e, fmt.Errorf("RecordStates: %v", err)
			}
			e.states++
		}
		if hasCheckpoints {
			c := engagement.Checkpoint{Customer: "anon-1", Name: "play/win-back", Value: []byte("step 1"), Saved: t0}
			if _, err := cs.SaveCheckpoint(ctx, c); err != nil {
				return e, fmt.Errorf("SaveCheckpoint(%s): %v", checkpointString(c), err)
			}
			e.checkpoints++
		}
		visit := engagement.Interaction{ID: "v-1", Customer: "anon-1", Time: t0, Kind: engagement.Visit,
			Properties: engagement.Properties{"utm_source": engagement.StringValue("ad")}}
		if err := s.Append(ctx, visit); err != nil {
			return e, fmt.Errorf("Append: %v", err)
		}
		m := engagement.Merge{From: "anon-1", Into: "c-1", Time: t0.Add(3 * time.Hour), Reason: "login"}
		if err := is.Merge(ctx, m); err != nil {
			return e, fmt.Errorf("Merge(%v): %v", m, err)
		}
		mine = append(mine, visit)
		e.aliases, e.target = 1, "anon-1"
	}
	e.history = as("c-1", mine...)
	return e, nil
}

// snapshot is everything a store shows about some customer IDs, to tell
// whether a call changed anything.
type snapshot struct {
	Interactions []engagement.Interaction
	Customers    []engagement.Customer
	Consents     map[engagement.CustomerID][]engagement.ConsentRecord
	Resolved     map[engagement.CustomerID]engagement.CustomerID
	Merges       map[engagement.CustomerID][]engagement.Merge
	States       map[engagement.CustomerID][]engagement.StateRecord
	Checkpoints  map[engagement.CustomerID][]engagement.Checkpoint // of erasureCheckpointNames
}

// erasureCheckpointNames are the names of the checkpoints the erasure
// clauses save.
var erasureCheckpointNames = []string{"play/welcome", "play/win-back"}

func takeSnapshot(p *problems, s engagement.Store, ids []engagement.CustomerID) snapshot {
	var snap snapshot
	snap.Interactions, _ = interactions(p, s, engagement.Query{})
	snap.Customers, _ = customers(p, s)
	if cs, ok := s.(engagement.ConsentStore); ok {
		snap.Consents = make(map[engagement.CustomerID][]engagement.ConsentRecord)
		for _, id := range ids {
			snap.Consents[id], _ = consentsOf(p, cs, id)
		}
	}
	if hs, ok := s.(engagement.HistoryStore); ok {
		snap.States = make(map[engagement.CustomerID][]engagement.StateRecord)
		for _, id := range ids {
			snap.States[id], _ = statesOf(p, hs, id, time.Time{}, time.Time{})
		}
	}
	if cs, ok := s.(engagement.CheckpointStore); ok {
		snap.Checkpoints = make(map[engagement.CustomerID][]engagement.Checkpoint)
		for _, id := range ids {
			for _, name := range erasureCheckpointNames {
				c, err := cs.LoadCheckpoint(context.Background(), id, name)
				if err != nil {
					p.addf("LoadCheckpoint(%q, %q): unexpected error: %v", id, name, err)
				}
				snap.Checkpoints[id] = append(snap.Checkpoints[id], c)
			}
		}
	}
	if is, ok := s.(engagement.IdentityStore); ok {
		snap.Resolved = make(map[engagement.CustomerID]engagement.CustomerID)
		snap.Merges = make(map[engagement.CustomerID][]engagement.Merge)
		for _, id := range ids {
			r, err := is.Resolve(context.Background(), id)
			if err != nil {
				p.addf("Resolve(%q): unexpected error: %v", id, err)
			}
			snap.Resolved[id] = r
			snap.Merges[id], _ = mergesOf(p, is, id)
		}
	}
	return snap
}

// diffSnapshot records a problem when the store shows other things after
// a call than before it.
func diffSnapshot(p *problems, call string, before, after snapshot) {
	d := gocmp.Diff(before, after,
		gocmp.Comparer(engagement.Interaction.Equal), gocmp.Comparer(engagement.Customer.Equal),
		gocmp.Comparer(engagement.ConsentRecord.Equal), gocmp.Comparer(engagement.Merge.Equal),
		gocmp.Comparer(engagement.StateRecord.Equal), gocmp.Comparer(equalCheckpoints))
	if d != "" {
		p.addf("%s changed what the store holds (-before +after):\n%s", call, d)
	}
}

// checkErased records a problem if anything of the erased customer is
// left under its ID or its alias's.
func checkErased(p *problems, s engagement.Store, after string, e erasable) {
	for _, id := range []engagement.CustomerID{"c-1", "anon-1"} {
		checkNoCustomer(p, s, after, id)
		checkHistory(p, s, after, id, nil)
		if cs, ok := s.(engagement.ConsentStore); ok {
			checkConsents(p, cs, after, id, nil)
		}
		if hs, ok := s.(engagement.HistoryStore); ok {
			checkStates(p, hs, after, id, nil)
		}
		if cs, ok := s.(engagement.CheckpointStore); ok {
			for _, name := range erasureCheckpointNames {
				checkNoCheckpoint(p, cs, after, id, name)
			}
		}
		if is, ok := s.(engagement.IdentityStore); ok {
			checkResolve(p, is, after, id, id)
			if got, ok := mergesOf(p, is, id); ok && len(got) != 0 {
				p.addf("Merges(%q) after %s yielded %v; want none", id, after, got)
			}
		}
	}
	if got, ok := customers(p, s); ok {
		diffCustomers(p, "Customers after "+after, []engagement.Customer{{ID: "c-2", Name: "Bo"}}, got)
	}
	if cs, ok := s.(engagement.ConsentStore); ok {
		if got, ok := consentsOf(p, cs, "c-2"); ok && len(got) != 1 {
			p.addf("ConsentRecords(%q) after %s yielded %d records, want the 1 recorded: another customer's records must stay", "c-2", after, len(got))
		}
	}
	if hs, ok := s.(engagement.HistoryStore); ok {
		checkStates(p, hs, after+" (another customer's records must stay)", "c-2", []engagement.StateRecord{state("c-2", epoch(), "active", "yellow", 50)})
	}
	if cs, ok := s.(engagement.CheckpointStore); ok {
		checkCheckpoint(p, cs, after+" (another customer's checkpoints must stay)", "c-2", "play/welcome",
			engagement.Checkpoint{Customer: "c-2", Name: "play/welcome", Value: []byte("step 1"), Version: 1, Saved: epoch()})
	}
}

// checkReport records a problem unless got is want.
func checkReport(p *problems, call string, want, got engagement.ErasureReport) {
	if got != want {
		p.addf("%s reported %+v, want %+v", call, got, want)
	}
}

// checkEmptyReport records a problem unless got counts nothing. Its
// Customer may be empty or the ID asked for.
func checkEmptyReport(p *problems, call string, id engagement.CustomerID, got engagement.ErasureReport) {
	if got.Record || got.Interactions != 0 || got.Consents != 0 || got.Aliases != 0 || got.States != 0 || got.Checkpoints != 0 ||
		got.Customer != "" && got.Customer != id {
		p.addf("%s reported %+v, want a report that counts nothing (for %q or no customer)", call, got, id)
	}
}

func checkEraseDelete(s engagement.Store) error {
	er, err := eraser(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	e, err := setUpErasure(s)
	if err != nil {
		return err
	}
	erasure := engagement.Erasure{Customer: e.target, Mode: engagement.EraseDelete}
	call := fmt.Sprintf("Erase(%+v)", erasure)
	rep, err := er.Erase(ctx, erasure)
	if err != nil {
		return fmt.Errorf("%s: %v", call, err)
	}
	checkReport(&p, call, engagement.ErasureReport{
		Customer: "c-1", Record: true, Interactions: len(e.history), Consents: e.consents, Aliases: e.aliases,
		States: e.states, Checkpoints: e.checkpoints,
	}, rep)
	checkErased(&p, s, call, e)
	others := []engagement.Interaction{purchase("p-3", "c-2", epoch().Add(90*time.Minute), 700)}
	others[0].Properties = engagement.Properties{"order_id": engagement.StringValue("o-2")}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after "+call+" (only the other customer's left)", others, got)
	}

	rep, err = er.Erase(ctx, erasure)
	if err != nil {
		p.addf("%s again: got error %v, want nil (a retried erasure is safe)", call, err)
	}
	checkEmptyReport(&p, call+" again", e.target, rep)

	// Erasure is not a block list.
	if err := s.Append(ctx, e.history[0]); err != nil {
		p.addf("Append of an erased interaction after %s: got error %v, want nil (it is stored again)", call, err)
	} else {
		checkHistory(&p, s, call+" and appending one of its interactions again", "c-1", e.history[:1])
	}
	return p.err()
}

func checkEraseAnonymise(s engagement.Store) error {
	er, err := eraser(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	e, err := setUpErasure(s)
	if err != nil {
		return err
	}
	const pseudonym = "p-7f3a9c"
	erasure := engagement.Erasure{Customer: e.target, Mode: engagement.EraseAnonymise, Pseudonym: pseudonym}
	call := fmt.Sprintf("Erase(%+v)", erasure)
	rep, err := er.Erase(ctx, erasure)
	if err != nil {
		return fmt.Errorf("%s: %v", call, err)
	}
	checkReport(&p, call, engagement.ErasureReport{
		Customer: "c-1", Record: true, Interactions: len(e.history), Consents: e.consents, Aliases: e.aliases,
		States: e.states, Checkpoints: e.checkpoints,
	}, rep)
	checkErased(&p, s, call, e)
	kept := as(pseudonym, e.history...)
	for i := range kept {
		kept[i].Properties = nil
	}
	checkHistory(&p, s, call+" (interactions kept under the pseudonym, without properties)", pseudonym, kept)
	checkNoCustomer(&p, s, call, pseudonym)
	if cs, ok := s.(engagement.ConsentStore); ok {
		checkConsents(&p, cs, call, pseudonym, nil)
	}
	if hs, ok := s.(engagement.HistoryStore); ok {
		checkStates(&p, hs, call+" (state records are removed, not kept under the pseudonym)", pseudonym, nil)
	}
	if cs, ok := s.(engagement.CheckpointStore); ok {
		for _, name := range erasureCheckpointNames {
			checkNoCheckpoint(&p, cs, call+" (checkpoints are removed, not kept under the pseudonym)", pseudonym, name)
		}
	}

	rep, err = er.Erase(ctx, erasure)
	if err != nil {
		p.addf("%s again: got error %v, want nil (a retried erasure is safe)", call, err)
	}
	checkEmptyReport(&p, call+" again", e.target, rep)
	checkHistory(&p, s, call+" twice", pseudonym, kept)
	return p.err()
}

func checkErasePseudonymConflict(s engagement.Store) error {
	er, err := eraser(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	e, err := setUpErasure(s)
	if err != nil {
		return err
	}
	held := map[string]engagement.CustomerID{
		"another customer's record":             "c-2",
		"the customer of interactions only":     "stranger",
		"the customer being erased, by its own": "c-1",
	}
	if err := s.Append(ctx, purchase("p-9", "stranger", epoch(), 100)); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	e.ids = append(e.ids, "stranger")
	if cs, ok := s.(engagement.ConsentStore); ok {
		r := engagement.ConsentRecord{Customer: "consenter", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: epoch()}
		if err := cs.RecordConsent(ctx, r); err != nil {
			return fmt.Errorf("RecordConsent: %v", err)
		}
		held["the customer of consent records only"] = "consenter"
		e.ids = append(e.ids, "consenter")
	}
	if hs, ok := s.(engagement.HistoryStore); ok {
		if err := hs.RecordStates(ctx, state("scored", epoch(), "new", "", 0)); err != nil {
			return fmt.Errorf("RecordStates: %v", err)
		}
		held["the customer of state records only"] = "scored"
		e.ids = append(e.ids, "scored")
	}
	if cs, ok := s.(engagement.CheckpointStore); ok {
		c := engagement.Checkpoint{Customer: "resumer", Name: "play/welcome", Value: []byte("step 1"), Saved: epoch()}
		if _, err := cs.SaveCheckpoint(ctx, c); err != nil {
			return fmt.Errorf("SaveCheckpoint(%s): %v", checkpointString(c), err)
		}
		held["the customer of checkpoints only"] = "resumer"
		e.ids = append(e.ids, "resumer")
	}
	if is, ok := s.(engagement.IdentityStore); ok {
		m := engagement.Merge{From: "anon-2", Into: "c-2", Time: epoch()}
		if err := is.Merge(ctx, m); err != nil {
			return fmt.Errorf("Merge(%v): %v", m, err)
		}
		held["an alias of another customer"] = "anon-2"
		e.ids = append(e.ids, "anon-2")
	}
	before := takeSnapshot(&p, s, e.ids)
	for _, what := range slices.Sorted(maps.Keys(held)) {
		if held[what] == e.target {
			continue // Validate refuses it: not this clause
		}
		erasure := engagement.Erasure{Customer: e.target, Mode: engagement.EraseAnonymise, Pseudonym: held[what]}
		call := fmt.Sprintf("Erase(%+v), the pseudonym %s", erasure, what)
		if _, err := er.Erase(ctx, erasure); !errors.Is(err, engagement.ErrConflict) {
			p.addf("%s: got error %v, want one matching ErrConflict", call, err)
		}
		diffSnapshot(&p, call, before, takeSnapshot(&p, s, e.ids))
	}
	return p.err()
}

func checkEraseUnknown(s engagement.Store) error {
	er, err := eraser(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	e, err := setUpErasure(s)
	if err != nil {
		return err
	}
	before := takeSnapshot(&p, s, e.ids)
	for _, erasure := range []engagement.Erasure{
		{Customer: "nobody", Mode: engagement.EraseDelete},
		{Customer: "nobody", Mode: engagement.EraseAnonymise, Pseudonym: "p-fresh"},
		// A retried anonymisation names a pseudonym the store holds: still no error.
		{Customer: "nobody", Mode: engagement.EraseAnonymise, Pseudonym: "c-2"},
	} {
		call := fmt.Sprintf("Erase(%+v) of a customer the store knows nothing of", erasure)
		rep, err := er.Erase(ctx, erasure)
		if err != nil {
			p.addf("%s: got error %v, want nil", call, err)
		}
		checkEmptyReport(&p, call, erasure.Customer, rep)
		diffSnapshot(&p, call, before, takeSnapshot(&p, s, e.ids))
	}
	return p.err()
}

func checkEraseInvalid(s engagement.Store) error {
	er, err := eraser(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	e, err := setUpErasure(s)
	if err != nil {
		return err
	}
	before := takeSnapshot(&p, s, e.ids)
	for _, b := range []struct {
		what    string
		erasure engagement.Erasure
	}{
		{"the zero Erasure", engagement.Erasure{}},
		{"no mode", engagement.Erasure{Customer: "c-1"}},
		{"an unknown mode", engagement.Erasure{Customer: "c-1", Mode: engagement.ErasureMode(9)}},
		{"no customer", engagement.Erasure{Mode: engagement.EraseDelete}},
		{"a control character in the customer", engagement.Erasure{Customer: "c-1\r", Mode: engagement.EraseDelete}},
		{"anonymise without a pseudonym", engagement.Erasure{Customer: "c-1", Mode: engagement.EraseAnonymise}},
		{"anonymise under the customer's own ID", engagement.Erasure{Customer: "c-1", Mode: engagement.EraseAnonymise, Pseudonym: "c-1"}},
	} {
		call := fmt.Sprintf("Erase(%+v) with %s", b.erasure, b.what)
		_, err := er.Erase(ctx, b.erasure)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("%s: got error %v, want a *FieldError matching ErrInvalid", call, err)
		}
		diffSnapshot(&p, call, before, takeSnapshot(&p, s, e.ids))
	}
	return p.err()
}
