package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// cases returns the clauses of the Store contract, in the order Run and
// TestStore check them.
func cases() []testCase {
	return []testCase{
		{
			Name:        "CustomerRoundTrip",
			Explanation: "PutCustomers stores customers and Customer returns each one with the same facts",
			Check:       checkCustomerRoundTrip,
		},
		{
			Name:        "CustomerNotFound",
			Explanation: "Customer returns an error matching engagement.ErrNotFound for an ID not stored; IDs are compared exactly, byte by byte",
			Check:       checkCustomerNotFound,
		},
		{
			Name:        "PutCustomersInvalid",
			Explanation: "PutCustomers rejects a call holding a customer that fails Validate with an error matching engagement.ErrInvalid that is a *engagement.FieldError, and stores none of that call's customers",
			Check:       checkPutCustomersInvalid,
		},
		{
			Name:        "PutCustomersReplace",
			Explanation: "PutCustomers replaces a stored customer whole, and when one call holds an ID twice the later customer wins",
			Check:       checkPutCustomersReplace,
		},
		{
			Name:        "CustomersSorted",
			Explanation: "Customers yields every stored customer once, in ascending byte order of ID, and nothing for an empty store",
			Check:       checkCustomersSorted,
		},
		{
			Name:        "CustomerCopies",
			Explanation: "the store copies customers in and out: changing the Attributes of a customer after passing it to PutCustomers, or of one returned by Customer or Customers, leaves the stored customer unchanged",
			Check:       checkCustomerCopies,
		},
		{
			Name:        "EmptyCalls",
			Explanation: "PutCustomers and Append with nothing to store succeed and store nothing",
			Check:       checkEmptyCalls,
		},
		{
			Name:        "AppendReadBack",
			Explanation: "Append stores interactions that Interactions yields back Equal, to the nanosecond, with times in UTC, ordered by customer ID, time, then interaction ID; a caller may stop ranging early",
			Check:       checkAppendReadBack,
		},
		{
			Name:        "AppendUnknownCustomer",
			Explanation: "Append accepts interactions whose customer was never stored, and does not create that customer",
			Check:       checkAppendUnknownCustomer,
		},
		{
			Name:        "AppendIdempotent",
			Explanation: "appending an interaction Equal to a stored one (even written with another time zone or amount scale) is a no-op: the batch succeeds, the rest of it is stored, and the interaction is stored once",
			Check:       checkAppendIdempotent,
		},
		{
			Name:        "AppendConflict",
			Explanation: "appending an interaction whose ID is stored with different content (customer, time, kind, touch point, amount, rating or properties) fails with an error matching engagement.ErrConflict and stores nothing of that batch",
			Check:       checkAppendConflict,
		},
		{
			Name:        "AppendInvalid",
			Explanation: "an interaction that fails Validate fails its whole batch with an error matching engagement.ErrInvalid that is a *engagement.FieldError, and nothing of the batch is stored",
			Check:       checkAppendInvalid,
		},
		{
			Name:        "AppendBatchDuplicates",
			Explanation: "within one batch, an interaction Equal to an earlier one is stored once, and one reusing an earlier ID with different content fails the batch with engagement.ErrConflict, storing nothing of it",
			Check:       checkAppendBatchDuplicates,
		},
		{
			Name:        "QueryWindow",
			Explanation: "Interactions yields exactly what Query.Match selects: From is inclusive, To exclusive, a zero bound is no bound, bounds are instants whatever their zone, and Customer keeps one customer's interactions",
			Check:       checkQueryWindow,
		},
		{
			Name:        "Cancelled",
			Explanation: "every method called with a cancelled context returns (or its iterator yields, before any value) an error matching context.Canceled, and changes nothing",
			Check:       checkCancelled,
		},
		{
			Name:        "CancelDuringIteration",
			Explanation: "an iterator whose context is cancelled part way yields an error matching context.Canceled before it ends, and then stops",
			Check:       checkCancelDuringIteration,
		},
		{
			Name:        "Concurrent",
			Explanation: "concurrent calls to Append, PutCustomers and the readers lose no write, and a reader never sees part of a batch",
			Check:       checkConcurrent,
		},
		{
			Name:        "OverlappingWriters",
			Explanation: "writers that append overlapping batches at once (the same interaction IDs with equal content, in different orders) and put the same customers at once all succeed, and afterwards every interaction is stored exactly once with its content and every customer as last put: none lost, duplicated or wrong",
			Check:       checkOverlappingWriters,
		},
		{
			Name:        "PropertiesRoundTrip",
			Explanation: "interaction Properties and customer Account and Traits come back exactly: every value kind, numbers with their scale (1.50 stays 1.50), times as the same instant, and nil and empty Properties alike",
			Check:       checkPropertiesRoundTrip,
		},
		{
			Name:        "PropertiesCopies",
			Explanation: "the store copies Properties and Traits in and out: changing the map after passing it in, or a map the store returned, leaves what it holds unchanged",
			Check:       checkPropertiesCopies,
		},
		{
			Name:        "AppendPropertiesConflict",
			Explanation: "re-appending a stored interaction ID whose properties differ (a value changed, of another kind, added or removed) fails with an error matching engagement.ErrConflict; properties that are Equal (1.5 for 1.50) are a no-op that keeps the stored interaction",
			Check:       checkAppendPropertiesConflict,
		},
		{
			Name:        "MergeHistory",
			Explanation: "for an engagement.IdentityStore, after Merge(From into Into) the alias and the customer are one: Interactions and Customer asked for either yield the union of both histories and the records combined by engagement.MergeCustomers under Into's ID, Customers lists no alias, Resolve and Merges explain the merge, and Append and PutCustomers naming the alias file under Into",
			Check:       checkMergeHistory,
		},
		{
			Name:        "MergeChain",
			Explanation: "for an engagement.IdentityStore, merges chain: after a into b, b into c and d into a, every ID resolves to c and reads as c, Customers lists only c, and Merges of any of them yields all three merges as recorded, by Time",
			Check:       checkMergeChain,
		},
		{
			Name:        "MergeInvalid",
			Explanation: "for an engagement.IdentityStore, Merge of a customer into itself, or with an empty ID or no time, fails with a *engagement.FieldError matching engagement.ErrInvalid and changes nothing",
			Check:       checkMergeInvalid,
		},
		{
			Name:        "MergeConflict",
			Explanation: "for an engagement.IdentityStore, merging an alias into another customer, or a merge that would make a cycle (directly or through a chain), fails with an error matching engagement.ErrConflict and changes nothing",
			Check:       checkMergeConflict,
		},
		{
			Name:        "MergeIdempotent",
			Explanation: "for an engagement.IdentityStore, merging an alias again into the customer it stands for (the same merge, another time, or the end of its chain) succeeds, changes nothing and records nothing",
			Check:       checkMergeIdempotent,
		},
		{
			Name:        "ConsentRoundTrip",
			Explanation: "for an engagement.ConsentStore, RecordConsent stores records that ConsentRecords yields back Equal, per customer, in the order of engagement.CompareConsentRecords; a record Equal to a stored or earlier one is stored once",
			Check:       checkConsentRoundTrip,
		},
		{
			Name:        "ConsentInvalid",
			Explanation: "for an engagement.ConsentStore, a record that fails Validate fails its whole call with a *engagement.FieldError matching engagement.ErrInvalid, and nothing of the call is stored",
			Check:       checkConsentInvalid,
		},
		{
			Name:        "ConsentAlias",
			Explanation: "for a store that is an engagement.ConsentStore and an engagement.IdentityStore, consent records of a merged-away ID, recorded before or after the merge, are filed under the customer it stands for (records that become Equal stored once), and ConsentRecords of either ID yields them",
			Check:       checkConsentAlias,
		},
		{
			Name:        "ConsentLatestWins",
			Explanation: "for an engagement.ConsentStore, engagement.ConsentAt over the stored records decides by when consent was given or withdrawn, not when it was recorded: a withdrawal is not overridden by an older grant recorded later",
			Check:       checkConsentLatestWins,
		},
		{
			Name:        "EraseDelete",
			Explanation: "for an engagement.Eraser, Erase with EraseDelete (asked for an alias) removes the customer's record, interactions, consent records, aliases, merges, state records and checkpoints (its alias's included), reports what it removed, leaves other customers alone, succeeds again with an empty report, and does not block a later Append",
			Check:       checkEraseDelete,
		},
		{
			Name:        "EraseAnonymise",
			Explanation: "for an engagement.Eraser, Erase with EraseAnonymise keeps the customer's interactions (its aliases' included) under the pseudonym without properties, removes its consent records, state records and checkpoints (none kept under the pseudonym), leaves nothing under the old IDs, and reports what it did",
			Check:       checkEraseAnonymise,
		},
		{
			Name:        "ErasePseudonymConflict",
			Explanation: "for an engagement.Eraser, Erase with EraseAnonymise and a pseudonym the store holds in any role (a customer record, an interaction's customer, a consent record's customer, a state record's customer, a checkpoint's customer, an alias) fails with an error matching engagement.ErrConflict and changes nothing",
			Check:       checkErasePseudonymConflict,
		},
		{
			Name:        "EraseUnknown",
			Explanation: "for an engagement.Eraser, erasing a customer the store knows nothing of succeeds with a report that counts nothing and changes nothing, whatever the pseudonym, so a retried erasure is safe",
			Check:       checkEraseUnknown,
		},
		{
			Name:        "EraseInvalid",
			Explanation: "for an engagement.Eraser, an Erasure that fails Validate (no customer, no or an unknown mode, no pseudonym or the customer's own ID as pseudonym) fails with a *engagement.FieldError matching engagement.ErrInvalid and changes nothing",
			Check:       checkEraseInvalid,
		},
		{
			Name:        "HistoryRoundTrip",
			Explanation: "for an engagement.HistoryStore, RecordStates stores state records that States yields back Equal (times to the nanosecond), per customer in ascending order of Time, whatever the order recorded; an empty call stores nothing; records create no customer",
			Check:       checkHistoryRoundTrip,
		},
		{
			Name:        "HistoryReplace",
			Explanation: "for an engagement.HistoryStore, a record for a customer and instant (to the nanosecond, whatever the zone) that has one already replaces it whole, band and score included; within one call the later wins; other customers' records at that time stay",
			Check:       checkHistoryReplace,
		},
		{
			Name:        "HistoryInvalid",
			Explanation: "for an engagement.HistoryStore, a state record that fails Validate fails its whole RecordStates call with a *engagement.FieldError matching engagement.ErrInvalid, and nothing of the call is stored or replaced",
			Check:       checkHistoryInvalid,
		},
		{
			Name:        "HistoryBounds",
			Explanation: "for an engagement.HistoryStore, States yields exactly one customer's records with Time at or after from and before to, a zero bound no bound, bounds compared as instants whatever their zone",
			Check:       checkHistoryBounds,
		},
		{
			Name:        "LatestStates",
			Explanation: "for an engagement.HistoryStore, LatestStates(asOf) yields, for each customer with a record at or before asOf, its latest such record, in ascending byte order of customer ID, and nothing when asOf is before every record",
			Check:       checkLatestStates,
		},
		{
			Name:        "HistoryAlias",
			Explanation: "for a store that is an engagement.HistoryStore and an engagement.IdentityStore, the state records of a merged-away ID, recorded before or after the merge, are filed under the customer it stands for (where both had a record at one time, Into's stays), States of either ID yields them and LatestStates lists the customer alone",
			Check:       checkHistoryAlias,
		},
		{
			Name:        "HistoryCancelled",
			Explanation: "for an engagement.HistoryStore, RecordStates with a cancelled context returns an error matching context.Canceled and stores nothing, and States and LatestStates yield that error before any record",
			Check:       checkHistoryCancelled,
		},
		{
			Name:        "CheckpointNone",
			Explanation: "for an engagement.CheckpointStore, LoadCheckpoint of a customer and name never saved returns Version 0, no Value, the Name asked for and no error; checkpoints are keyed by customer and name, compared byte by byte, and create no customer",
			Check:       checkCheckpointNone,
		},
		{
			Name:        "CheckpointRoundTrip",
			Explanation: "for an engagement.CheckpointStore, SaveCheckpoint over the stored version returns the checkpoint as stored (Version one more, the Value's bytes, Saved as the same instant) and LoadCheckpoint returns it; values of any bytes up to MaxCheckpointBytes come back exactly and are copied in and out",
			Check:       checkCheckpointRoundTrip,
		},
		{
			Name:        "CheckpointConflict",
			Explanation: "for an engagement.CheckpointStore, SaveCheckpoint with a Version other than the stored one (behind, ahead, or above 0 for none saved) fails with an error matching engagement.ErrConflict and changes nothing",
			Check:       checkCheckpointConflict,
		},
		{
			Name:        "CheckpointConcurrent",
			Explanation: "for an engagement.CheckpointStore, of concurrent SaveCheckpoint calls over the same version exactly one succeeds and the others fail with engagement.ErrConflict, and savers that load again after a conflict lose no update",
			Check:       checkCheckpointConcurrent,
		},
		{
			Name:        "CheckpointInvalid",
			Explanation: "for an engagement.CheckpointStore, SaveCheckpoint of a checkpoint that fails Validate (no customer or name, a control character, a value over MaxCheckpointBytes, a negative version, no or an impossible saved time) fails with a *engagement.FieldError matching engagement.ErrInvalid and changes nothing",
			Check:       checkCheckpointInvalid,
		},
		{
			Name:        "CheckpointAlias",
			Explanation: "for a store that is an engagement.CheckpointStore and an engagement.IdentityStore, a merge files the alias's checkpoints under the customer it stands for (of two of one name, Into's stays), and LoadCheckpoint and SaveCheckpoint naming the alias act on that customer's",
			Check:       checkCheckpointAlias,
		},
		{
			Name:        "CheckpointCancelled",
			Explanation: "for an engagement.CheckpointStore, LoadCheckpoint and SaveCheckpoint with a cancelled context return an error matching context.Canceled, and the save stores nothing",
			Check:       checkCheckpointCancelled,
		},
		{
			Name:        "LeaseExclusive",
			Explanation: "for an engagement.Leaser, a lease is held by one caller at a time: goroutines that each increment a plain counter while holding it lose no increment and never overlap (releasing must happen before the next holder's Lease returns), and leases of other names are independent",
			Check:       checkLeaseExclusive,
		},
		{
			Name:        "LeaseCancel",
			Explanation: "for an engagement.Leaser, Lease waiting for a held lease returns an error matching the context's (context.Canceled, context.DeadlineExceeded) once its context ends, a cancelled context fails even for a free lease, and a waiter that gave up takes nothing",
			Check:       checkLeaseCancel,
		},
		{
			Name:        "LeaseInvalid",
			Explanation: "for an engagement.Leaser, Lease with a ttl that is not positive or a name that is empty or holds a control character fails with a *engagement.FieldError matching engagement.ErrInvalid and takes nothing",
			Check:       checkLeaseInvalid,
		},
		{
			Name:        "LeaseLapse",
			Explanation: "for an engagement.Leaser, a lease not released lapses ttl after it was taken so that another may take it, and a Release by a holder whose lease lapsed or was released already does not release the new holder's",
			Check:       checkLeaseLapse,
		},
	}
}

func checkCustomerRoundTrip(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	want := []engagement.Customer{
		{
			ID: "c-ada", Name: "Ada Lovelace", Group: engagement.GroupAdvocate, Consent: engagement.ConsentGiven,
			Attributes: map[string]string{"region": "north", "segment": "b2b"},
		},
		{ID: "c-bo"},
		{ID: "c-chidi", Name: "Chidi", Group: engagement.GroupFormer, Consent: engagement.ConsentRefused},
	}
	if err := s.PutCustomers(ctx, want...); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	for _, w := range want {
		got, err := s.Customer(ctx, w.ID)
		if err != nil {
			p.addf("Customer(%q): unexpected error: %v", w.ID, err)
			continue
		}
		diffCustomers(&p, fmt.Sprintf("Customer(%q)", w.ID), []engagement.Customer{w}, []engagement.Customer{got})
	}
	return p.err()
}

func checkCustomerNotFound(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	if _, err := s.Customer(ctx, "nobody"); !errors.Is(err, engagement.ErrNotFound) {
		p.addf("Customer(%q) on an empty store: got error %v, want one matching ErrNotFound", "nobody", err)
	}
	if err := s.PutCustomers(ctx, engagement.Customer{ID: "c1"}); err != nil {
		return errors.Join(append(p, fmt.Errorf("PutCustomers: %v", err))...)
	}
	for _, id := range []engagement.CustomerID{"c2", "C1", "c1 ", "c"} {
		if _, err := s.Customer(ctx, id); !errors.Is(err, engagement.ErrNotFound) {
			p.addf("Customer(%q) with only %q stored: got error %v, want one matching ErrNotFound", id, "c1", err)
		}
	}
	return p.err()
}

func checkPutCustomersInvalid(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	keep := engagement.Customer{ID: "keep", Name: "old"}
	if err := s.PutCustomers(ctx, keep); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	bad := []engagement.Customer{
		{Name: "no id"},
		{ID: "bad-group", Group: engagement.Group(99)},
		{ID: "bad-consent", Consent: engagement.Consent(99)},
	}
	for _, b := range bad {
		err := s.PutCustomers(ctx, engagement.Customer{ID: "new"}, engagement.Customer{ID: "keep", Name: "new"}, b)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("PutCustomers(new, keep, %+v): got error %v, want a *FieldError matching ErrInvalid", b, err)
		}
	}
	if _, err := s.Customer(ctx, "new"); !errors.Is(err, engagement.ErrNotFound) {
		p.addf("Customer(%q) after only failed calls stored it: got error %v, want one matching ErrNotFound", "new", err)
	}
	for _, b := range bad {
		if b.ID == "" {
			continue
		}
		if _, err := s.Customer(ctx, b.ID); !errors.Is(err, engagement.ErrNotFound) {
			p.addf("Customer(%q) after a failed call: got error %v, want one matching ErrNotFound", b.ID, err)
		}
	}
	got, err := s.Customer(ctx, "keep")
	switch {
	case err != nil:
		p.addf("Customer(%q): unexpected error: %v", "keep", err)
	case !got.Equal(keep):
		p.addf("Customer(%q) after failed calls replacing it = %+v, want %+v", "keep", got, keep)
	}
	return p.err()
}

func checkPutCustomersReplace(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	err := s.PutCustomers(ctx,
		engagement.Customer{ID: "c1", Name: "first", Attributes: map[string]string{"tier": "gold"}},
		engagement.Customer{ID: "c2", Name: "other"},
		engagement.Customer{ID: "c1", Name: "second", Attributes: map[string]string{"tier": "silver"}},
	)
	if err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	want := engagement.Customer{ID: "c1", Name: "second", Attributes: map[string]string{"tier": "silver"}}
	if got, err := s.Customer(ctx, "c1"); err != nil || !got.Equal(want) {
		p.addf("Customer(%q) after one call held it twice = %+v, %v; want the later one %+v", "c1", got, err, want)
	}

	want = engagement.Customer{ID: "c1", Name: "third", Group: engagement.GroupCustomer}
	if err := s.PutCustomers(ctx, want); err != nil {
		return errors.Join(append(p, fmt.Errorf("PutCustomers: %v", err))...)
	}
	if got, err := s.Customer(ctx, "c1"); err != nil || !got.Equal(want) {
		p.addf("Customer(%q) after it was replaced = %+v, %v; want %+v (replaced whole, attributes included)", "c1", got, err, want)
	}
	all, ok := customers(&p, s)
	if ok {
		diffCustomers(&p, "Customers", []engagement.Customer{want, {ID: "c2", Name: "other"}}, all)
	}
	return p.err()
}

func checkCustomersSorted(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	if got, ok := customers(&p, s); ok && len(got) != 0 {
		p.addf("Customers on an empty store yielded %d customers, want none", len(got))
	}
	// Byte order: upper case before lower, "c10" before "c9", UTF-8 last.
	ids := []engagement.CustomerID{"c9", "b", "é", "c10", "B", "a", "a-1"}
	for i, id := range ids {
		c := engagement.Customer{ID: id, Name: fmt.Sprintf("n%d", i)}
		if err := s.PutCustomers(ctx, c); err != nil {
			return fmt.Errorf("PutCustomers(%q): %v", id, err)
		}
	}
	// Storing one again must not make it appear twice.
	if err := s.PutCustomers(ctx, engagement.Customer{ID: "b", Name: "n1"}); err != nil {
		return fmt.Errorf("PutCustomers(%q): %v", "b", err)
	}
	want := make([]engagement.Customer, len(ids))
	for i, id := range ids {
		want[i] = engagement.Customer{ID: id, Name: fmt.Sprintf("n%d", i)}
	}
	slices.SortFunc(want, func(a, b engagement.Customer) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers", want, got)
	}
	return p.err()
}

func checkCustomerCopies(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	want := engagement.Customer{ID: "c1", Attributes: map[string]string{"region": "north"}}
	in := want.Clone()
	if err := s.PutCustomers(ctx, in); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	in.Attributes["region"] = "changed by caller"
	in.Attributes["extra"] = "added by caller"
	check := func(after string) {
		got, err := s.Customer(ctx, "c1")
		switch {
		case err != nil:
			p.addf("Customer(%q) after %s: unexpected error: %v", "c1", after, err)
		case !got.Equal(want):
			p.addf("Customer(%q) after %s = %+v, want %+v", "c1", after, got, want)
		}
	}
	check("changing the map passed to PutCustomers")

	if got, err := s.Customer(ctx, "c1"); err == nil && got.Attributes != nil {
		got.Attributes["region"] = "changed via Customer"
		got.Attributes["extra"] = "added via Customer"
		check("changing the map Customer returned")
	}

	for c, err := range s.Customers(ctx) {
		if err != nil {
			p.addf("Customers: unexpected error: %v", err)
			break
		}
		if c.Attributes != nil {
			c.Attributes["region"] = "changed via Customers"
			clear(c.Attributes)
		}
	}
	check("changing the maps Customers yielded")
	return p.err()
}

func checkEmptyCalls(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	if err := s.PutCustomers(ctx); err != nil {
		p.addf("PutCustomers with no customers: unexpected error: %v", err)
	}
	if err := s.Append(ctx); err != nil {
		p.addf("Append with no interactions: unexpected error: %v", err)
	}
	if err := s.Append(ctx, []engagement.Interaction{}...); err != nil {
		p.addf("Append with an empty slice: unexpected error: %v", err)
	}
	if got, ok := customers(&p, s); ok && len(got) != 0 {
		p.addf("Customers yielded %d customers, want none", len(got))
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok && len(got) != 0 {
		p.addf("Interactions yielded %d interactions, want none", len(got))
	}
	return p.err()
}

func checkAppendReadBack(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	t0 := epoch().Add(9 * time.Hour)
	india := time.FixedZone("UTC+05:30", 5*3600+1800)
	pacific := time.FixedZone("UTC-08", -8*3600)

	survey := engagement.Interaction{
		ID: "s-1", Customer: "ada", Time: t0.Add(48 * time.Hour).In(pacific),
		Kind: engagement.RatingGiven, Touchpoint: "email", Rating: engagement.Satisfied(4),
	}
	nps := engagement.Interaction{
		ID: "s-2", Customer: "ada", Time: t0.Add(72 * time.Hour),
		Kind: engagement.RatingGiven, Rating: engagement.Recommends(0),
	}
	custom := engagement.Interaction{
		ID: "w-1", Customer: "bo", Time: t0.Add(time.Hour), Kind: engagement.Kind("webinar"),
	}
	first := []engagement.Interaction{
		purchase("x2", "ada", t0.In(india), 1999),                     // same instant as x10: ID decides
		purchase("x10", "ada", t0, 250),                               // "x10" sorts before "x2"
		purchase("p-7", "bo", t0.Add(-time.Hour), 123456789),          // earlier, but customer bo sorts after ada
		purchase("p-8", "ada", t0.Add(123456789*time.Nanosecond), 10), // nanoseconds must survive
		survey,
	}
	second := []engagement.Interaction{
		custom,
		nps,
		purchase("p-9", "Zed", t0.Add(24*time.Hour).In(pacific), 0), // upper case sorts first
	}
	second[2].Amount = decimal.New(10, 3) // 10000, written with an exponent
	for _, batch := range [][]engagement.Interaction{first, second} {
		if err := s.Append(ctx, batch...); err != nil {
			return fmt.Errorf("Append: %v", err)
		}
	}
	want := selected(slices.Concat(first, second), engagement.Query{})
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({})", want, got)
	}

	// Stopping early must not upset the iterator (a range-over-func iterator
	// that calls yield after it returned false makes the loop panic).
	n := 0
	for _, err := range s.Interactions(ctx, engagement.Query{}) {
		if err != nil {
			p.addf("Interactions({}): unexpected error: %v", err)
		}
		n++
		break
	}
	if n != 1 {
		p.addf("Interactions({}) with a loop that stops at once ran the loop %d times, want 1", n)
	}
	for range s.Customers(ctx) {
		break
	}
	return p.err()
}

func checkAppendUnknownCustomer(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	in := purchase("p-1", "stranger", epoch(), 500)
	if err := s.Append(ctx, in); err != nil {
		return fmt.Errorf("Append for a customer never stored: %v", err)
	}
	if got, ok := interactions(&p, s, engagement.Query{Customer: "stranger"}); ok {
		diffInteractions(&p, `Interactions({Customer: "stranger"})`, []engagement.Interaction{in}, got)
	}
	if _, err := s.Customer(ctx, "stranger"); !errors.Is(err, engagement.ErrNotFound) {
		p.addf("Customer(%q) after only appending its interactions: got error %v, want one matching ErrNotFound", "stranger", err)
	}
	return p.err()
}

func checkAppendIdempotent(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	t0 := epoch().Add(10 * time.Hour)
	a := purchase("a", "c1", t0, 1999)
	b := engagement.Interaction{ID: "b", Customer: "c2", Time: t0.Add(time.Minute), Kind: engagement.RatingGiven, Rating: engagement.Recommends(9)}
	if err := s.Append(ctx, a, b); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	if err := s.Append(ctx, a, b); err != nil {
		p.addf("Append of the same batch again: got error %v, want nil", err)
	}
	if err := s.Append(ctx, reshaped(a), reshaped(b)); err != nil {
		p.addf("Append of Equal interactions in another zone and amount scale: got error %v, want nil", err)
	}
	c := purchase("c", "c1", t0.Add(-time.Hour), 700)
	if err := s.Append(ctx, reshaped(a), c); err != nil {
		p.addf("Append of a stored interaction and a new one: got error %v, want nil", err)
	}
	want := []engagement.Interaction{c, a, b}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({})", want, got)
	}
	return p.err()
}

// variants returns copies of in that keep its ID but differ from it in one
// field each, named by that field.
func variants(in engagement.Interaction) map[string]engagement.Interaction {
	v := make(map[string]engagement.Interaction)
	set := func(field string, change func(*engagement.Interaction)) {
		w := in
		change(&w)
		v[field] = w
	}
	set("customer", func(w *engagement.Interaction) { w.Customer += "x" })
	set("time (+1ns)", func(w *engagement.Interaction) { w.Time = w.Time.Add(time.Nanosecond) })
	set("kind", func(w *engagement.Interaction) { w.Kind = engagement.Return })
	set("touchpoint", func(w *engagement.Interaction) { w.Touchpoint += "x" })
	set("amount", func(w *engagement.Interaction) { w.Amount = w.Amount.Add(decimal.New(1, -2)) })
	set("rating", func(w *engagement.Interaction) { w.Rating = engagement.Satisfied(3) })
	set("properties", func(w *engagement.Interaction) {
		w.Properties = w.Properties.With(engagement.Properties{"variant": engagement.StringValue("changed")})
	})
	return v
}

func checkAppendConflict(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	stored := purchase("p-1", "c1", epoch().Add(12*time.Hour+time.Nanosecond), 4200)
	if err := s.Append(ctx, stored); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	vs := variants(stored)
	for _, field := range slices.Sorted(maps.Keys(vs)) {
		fresh := purchase("fresh-"+field, "c1", epoch(), 100)
		if err := s.Append(ctx, fresh, vs[field]); !errors.Is(err, engagement.ErrConflict) {
			p.addf("Append(new, stored ID with other %s): got error %v, want one matching ErrConflict", field, err)
		}
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after failed batches", []engagement.Interaction{stored}, got)
	}
	return p.err()
}

// invalidInteractions returns interactions that fail Validate, named by
// what is wrong with them.
func invalidInteractions() map[string]engagement.Interaction {
	ok := purchase("bad", "c1", epoch(), 100)
	v := make(map[string]engagement.Interaction)
	set := func(what string, change func(*engagement.Interaction)) {
		w := ok
		change(&w)
		v[what] = w
	}
	set("empty id", func(w *engagement.Interaction) { w.ID = "" })
	set("empty customer", func(w *engagement.Interaction) { w.Customer = "" })
	set("zero time", func(w *engagement.Interaction) { w.Time = time.Time{} })
	set("time after 2262", func(w *engagement.Interaction) { w.Time = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) })
	set("negative amount", func(w *engagement.Interaction) { w.Amount = decimal.New(-1, -2) })
	set("empty kind", func(w *engagement.Interaction) { w.Kind = "" })
	set("malformed kind", func(w *engagement.Interaction) { w.Kind = "Not A Kind" })
	set("rating off its scale", func(w *engagement.Interaction) { w.Rating = engagement.Satisfied(9) })
	set("rating without a scale", func(w *engagement.Interaction) { w.Rating = engagement.Rating{Value: 3} })
	return v
}

func checkAppendInvalid(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	stored := purchase("p-1", "c1", epoch(), 100)
	if err := s.Append(ctx, stored); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	bad := invalidInteractions()
	for _, what := range slices.Sorted(maps.Keys(bad)) {
		fresh := purchase("fresh", "c1", epoch().Add(time.Hour), 100)
		err := s.Append(ctx, fresh, stored, bad[what])
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("Append(new, stored, %s): got error %v, want a *FieldError matching ErrInvalid", what, err)
		}
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after failed batches", []engagement.Interaction{stored}, got)
	}
	return p.err()
}

func checkAppendBatchDuplicates(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	a := purchase("a", "c1", epoch().Add(time.Hour), 1000)
	if err := s.Append(ctx, a, reshaped(a), a); err != nil {
		p.addf("Append(a, a written otherwise, a): got error %v, want nil", err)
	}
	b := purchase("b", "c1", epoch().Add(2*time.Hour), 2000)
	c := purchase("c", "c2", epoch().Add(3*time.Hour), 3000)
	vs := variants(b)
	for _, field := range slices.Sorted(maps.Keys(vs)) {
		if err := s.Append(ctx, b, c, vs[field]); !errors.Is(err, engagement.ErrConflict) {
			p.addf("Append(b, c, b with other %s): got error %v, want one matching ErrConflict", field, err)
		}
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({})", []engagement.Interaction{a}, got)
	}
	return p.err()
}

func checkQueryWindow(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	t0 := epoch()
	hour := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	var all []engagement.Interaction
	for _, c := range []engagement.CustomerID{"b", "a", "c"} {
		for h := range 5 {
			all = append(all, purchase(fmt.Sprintf("%s-%d", c, h), c, hour(h), int64(h)))
		}
		all = append(all, purchase(string(c)+"-2+1ns", c, hour(2).Add(time.Nanosecond), 1))
		all = append(all, purchase(string(c)+"-2-1ns", c, hour(2).Add(-time.Nanosecond), 1))
	}
	if err := s.Append(ctx, all...); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	berlin := time.FixedZone("UTC+01", 3600)
	bounds := []time.Time{
		{}, hour(-1), hour(0), hour(2), hour(2).In(berlin), hour(2).Add(time.Nanosecond), hour(4), hour(5),
	}
	for _, c := range []engagement.CustomerID{"", "a", "c", "nobody"} {
		for _, from := range bounds {
			for _, to := range bounds {
				q := engagement.Query{Customer: c, From: from, To: to}
				got, ok := interactions(&p, s, q)
				if !ok {
					continue
				}
				diffInteractions(&p, "Interactions("+queryString(q)+")", selected(all, q), got)
				if len(p) > 5 {
					return p.err() // enough to go on
				}
			}
		}
	}
	return p.err()
}

func checkCancelled(s engagement.Store) error {
	bg := context.Background()
	var p problems
	stored := purchase("p-1", "c1", epoch(), 100)
	if err := s.PutCustomers(bg, engagement.Customer{ID: "c1"}); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	if err := s.Append(bg, stored); err != nil {
		return fmt.Errorf("Append: %v", err)
	}

	ctx, cancel := context.WithCancel(bg)
	cancel()
	if err := s.PutCustomers(ctx, engagement.Customer{ID: "c2"}); !errors.Is(err, context.Canceled) {
		p.addf("PutCustomers with a cancelled context: got error %v, want one matching context.Canceled", err)
	}
	if _, err := s.Customer(ctx, "c1"); !errors.Is(err, context.Canceled) {
		p.addf("Customer with a cancelled context: got error %v, want one matching context.Canceled", err)
	}
	if err := s.Append(ctx, purchase("p-2", "c1", epoch(), 100)); !errors.Is(err, context.Canceled) {
		p.addf("Append with a cancelled context: got error %v, want one matching context.Canceled", err)
	}
	if err := s.Append(ctx, stored); !errors.Is(err, context.Canceled) {
		p.addf("Append of a stored interaction with a cancelled context: got error %v, want one matching context.Canceled", err)
	}
	cs, err := readAll(&p, "Customers", s.Customers(ctx))
	if len(cs) != 0 || !errors.Is(err, context.Canceled) {
		p.addf("Customers with a cancelled context: got %d customers then error %v, want no customers and an error matching context.Canceled", len(cs), err)
	}
	ins, err := readAll(&p, "Interactions", s.Interactions(ctx, engagement.Query{}))
	if len(ins) != 0 || !errors.Is(err, context.Canceled) {
		p.addf("Interactions with a cancelled context: got %d interactions then error %v, want no interactions and an error matching context.Canceled", len(ins), err)
	}

	if _, err := s.Customer(bg, "c2"); !errors.Is(err, engagement.ErrNotFound) {
		p.addf("Customer(%q) after PutCustomers with a cancelled context: got error %v, want one matching ErrNotFound", "c2", err)
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after calls with a cancelled context", []engagement.Interaction{stored}, got)
	}
	return p.err()
}

// cancelN is how many customers and interactions CancelDuringIteration
// stores: enough that an iterator checking its context now and then, and
// not only before each value, still notices.
const cancelN = 1000

func checkCancelDuringIteration(s engagement.Store) error {
	bg := context.Background()
	var p problems
	batch := make([]engagement.Interaction, cancelN)
	cs := make([]engagement.Customer, cancelN)
	for i := range batch {
		batch[i] = purchase(fmt.Sprintf("p-%04d", i), "c1", epoch().Add(time.Duration(i)*time.Minute), 100)
		cs[i] = engagement.Customer{ID: engagement.CustomerID(fmt.Sprintf("c-%04d", i))}
	}
	if err := s.Append(bg, batch...); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	if err := s.PutCustomers(bg, cs...); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}

	ctx, cancel := context.WithCancel(bg)
	n, err := cancelAfterFirst(&p, "Interactions", s.Interactions(ctx, engagement.Query{}), cancel)
	if !errors.Is(err, context.Canceled) {
		p.addf("Interactions cancelled after the first of %d values: got %d values then error %v, want an error matching context.Canceled", cancelN, n, err)
	}
	ctx, cancel = context.WithCancel(bg)
	n, err = cancelAfterFirst(&p, "Customers", s.Customers(ctx), cancel)
	if !errors.Is(err, context.Canceled) {
		p.addf("Customers cancelled after the first of %d values: got %d values then error %v, want an error matching context.Canceled", cancelN, n, err)
	}
	return p.err()
}

// cancelAfterFirst ranges over seq, calling cancel once the first value
// arrives, and returns how many values came and the first error.
func cancelAfterFirst[V any](p *problems, call string, seq iter.Seq2[V, error], cancel context.CancelFunc) (int, error) {
	defer cancel()
	first := true
	vals, err := readAll(p, call, func(yield func(V, error) bool) {
		seq(func(v V, err error) bool {
			more := yield(v, err)
			if first && err == nil {
				first = false
				cancel()
			}
			return more
		})
	})
	return len(vals), err
}
