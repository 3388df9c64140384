package engagement

import (
	"context"
	"iter"
	"time"
)

// Store keeps customers and their interactions. Interactions are append-only
// and idempotent by ID. The memory default is [MemoryStore]; package
// engagement/storetest checks any implementation against this contract.
//
// All methods may be called concurrently. Every method honours ctx: once it
// is done, a call returns an error wrapping ctx.Err() and changes nothing
// not already committed, and an iterator yields such an error soon after (a
// backend may first yield rows it had already fetched). Values handed in
// are copied: the caller may change them after the call, and changing a
// value the store returns never changes what it holds. Calls with nothing
// to store succeed and store nothing.
//
// IDs are compared and ordered byte-wise, as Go compares strings, whatever
// a database's collation would do. Times are kept to the nanosecond: a
// backend whose column type is coarser must store them another way, or
// re-appending an interaction would look like a conflict. An iteration sees
// whole batches only, never part of one; a loop body may call the store
// again (a backend that cannot allow that must say so).
type Store interface {
	// PutCustomers inserts or replaces customers by ID. It is
	// all-or-nothing: if any customer fails [Customer.Validate], it returns
	// an error wrapping that *FieldError (so matching ErrInvalid) and stores
	// none of them. When the same ID appears twice in one call, the later
	// one wins.
	PutCustomers(ctx context.Context, cs ...Customer) error

	// Customer returns the customer with the given ID, or an error matching
	// ErrNotFound.
	Customer(ctx context.Context, id CustomerID) (Customer, error)

	// Customers yields every stored customer in ascending order of ID.
	Customers(ctx context.Context) iter.Seq2[Customer, error]

	// Append stores a batch of interactions, all or nothing. Interaction
	// IDs are unique across all customers. An interaction whose ID is stored
	// already, or came earlier in the batch, is skipped when it is
	// [Interaction.Equal] to that one; otherwise the batch fails with an
	// error matching ErrConflict. An interaction that fails
	// [Interaction.Validate] fails the batch with an error wrapping its
	// *FieldError (matching ErrInvalid). When a batch has both faults,
	// either error may be returned. A failed batch stores nothing.
	// Interactions need not have a stored Customer.
	Append(ctx context.Context, batch ...Interaction) error

	// Interactions yields the stored interactions that q selects, ordered by
	// customer ID, then time, then interaction ID. Times come back in UTC.
	// The iterator stops at the first error, which it yields.
	Interactions(ctx context.Context, q Query) iter.Seq2[Interaction, error]
}

// Query selects interactions from a [Store]. The zero Query selects all of
// them.
type Query struct {
	Customer CustomerID // only this customer's; empty means every customer
	From     time.Time  // at or after From; zero means no lower bound
	To       time.Time  // strictly before To; zero means no upper bound
}

// Match reports whether q selects in.
func (q Query) Match(in Interaction) bool {
	return (q.Customer == "" || in.Customer == q.Customer) &&
		(q.From.IsZero() || !in.Time.Before(q.From)) &&
		(q.To.IsZero() || in.Time.Before(q.To))
}
