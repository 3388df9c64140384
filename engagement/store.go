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
// is done, a call returns (or an iterator yields) an error wrapping ctx.Err()
// and changes nothing not already committed. Values handed in are copied:
// the caller may change them after the call, and changing a value the store
// returns never changes what it holds.
type Store interface {
	// PutCustomers inserts or replaces customers by ID. It is
	// all-or-nothing: if any customer fails [Customer.Validate], it returns
	// that error (matching ErrInvalid) and stores none of them. When the same
	// ID appears twice in one call, the later one wins.
	PutCustomers(ctx context.Context, cs ...Customer) error

	// Customer returns the customer with the given ID, or an error matching
	// ErrNotFound.
	Customer(ctx context.Context, id CustomerID) (Customer, error)

	// Customers yields every stored customer in ascending order of ID.
	Customers(ctx context.Context) iter.Seq2[Customer, error]

	// Append stores a batch of interactions, all or nothing. An interaction
	// whose ID is stored already is skipped when it is [Interaction.Equal]
	// to the stored one; otherwise the batch fails with ErrConflict. An
	// interaction that fails [Interaction.Validate] fails the batch with
	// ErrInvalid. A failed batch stores nothing. Interactions need not have a
	// stored Customer.
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
