package engagement

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"time"
)

// Merge records that two IDs turned out to be one customer: From (an
// anonymous visitor's ID, a duplicate account) is now an alias of Into.
type Merge struct {
	From   CustomerID `json:"from"`
	Into   CustomerID `json:"into"`
	Time   time.Time  `json:"time"`             // when the two were found to be one
	Reason string     `json:"reason,omitempty"` // why: "login", "same e-mail", ...
}

// Validate reports the first problem with m as a *[FieldError], or nil.
func (m Merge) Validate() error {
	if err := checkKey("from", string(m.From), 0); err != nil {
		return err
	}
	if err := checkKey("into", string(m.Into), 0); err != nil {
		return err
	}
	switch {
	case m.From == m.Into:
		return fieldError("into", string(m.Into), "a customer cannot be merged into itself")
	case m.Time.IsZero():
		return fieldError("time", "", "time is missing")
	case !m.Time.After(minTime) || m.Time.After(maxTime):
		return fieldError("time", m.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	case len(m.Reason) > MaxValueBytes:
		return fieldError("reason", m.Reason, fmt.Sprintf("is longer than %d bytes", MaxValueBytes))
	}
	return nil
}

// Equal reports whether m and n record the same merge.
func (m Merge) Equal(n Merge) bool {
	return m.From == n.From && m.Into == n.Into && m.Time.Equal(n.Time) && m.Reason == n.Reason
}

// String explains the merge: `"anon-7" merged into "u-42" at 2024-03-01T10:00:00Z (login)`.
func (m Merge) String() string {
	s := fmt.Sprintf("%q merged into %q at %s", m.From, m.Into, m.Time.UTC().Format(time.RFC3339))
	if m.Reason != "" {
		s += " (" + m.Reason + ")"
	}
	return s
}

// IdentityStore is the optional capability of a [Store] to merge
// customers. [MemoryStore] and the SQL stores have it; package storetest
// checks it.
//
// After a merge the alias stands for the customer it was merged into, in
// every call of the store: Append and RecordConsent file what names the
// alias under that customer, PutCustomers with the alias's ID replaces
// that customer, and Customer, Interactions and ConsentRecords asked for
// the alias answer for that customer. Customers yields only customers that
// are no one's alias. So reads, folds ([Folder.FoldStore]) and stages see
// one customer, whose history is the union of both.
type IdentityStore interface {
	// Merge makes m.From an alias of the customer m.Into stands for, all
	// or nothing. From's interactions and consent records become that
	// customer's; their customer records are combined by [MergeCustomers]
	// (Into's facts win; when only From has a record it is kept under
	// Into's ID). The merge is recorded for [IdentityStore.Merges].
	//
	// It fails with an error wrapping a *FieldError when m fails
	// [Merge.Validate], and with one matching [ErrConflict] when From is
	// an alias of another customer already, or when Into stands for From
	// (the merge would make a cycle). Merging an alias into the customer
	// it already stands for changes nothing and succeeds.
	Merge(ctx context.Context, m Merge) error

	// Resolve returns the ID that id stands for: the customer it was
	// merged into, through any chain of merges, or id itself.
	Resolve(ctx context.Context, id CustomerID) (CustomerID, error)

	// Merges yields the merges that made IDs aliases of the customer id
	// stands for, directly or through a chain, ordered by Time, then From.
	// Each is yielded as recorded, so Into may be an ID that was itself
	// merged later. The iterator stops at the first error, which it
	// yields.
	Merges(ctx context.Context, id CustomerID) iter.Seq2[Merge, error]
}

// MergeCustomers returns the customer record of into after from is merged
// into it: into's facts, with what into lacks taken from from (name,
// group, a known consent, account, and each attribute and trait into does
// not have). The ID is into's.
func MergeCustomers(into, from Customer) Customer {
	out := into.Clone()
	if out.Name == "" {
		out.Name = from.Name
	}
	if out.Group == GroupUnspecified {
		out.Group = from.Group
	}
	if out.Consent == ConsentUnknown {
		out.Consent = from.Consent
	}
	if out.Account == "" {
		out.Account = from.Account
	}
	if len(from.Attributes) > 0 {
		attrs := maps.Clone(from.Attributes)
		maps.Copy(attrs, into.Attributes)
		out.Attributes = attrs
	}
	out.Traits = from.Traits.With(into.Traits)
	return out
}

// Identify records what is known of a customer: the traits given are set
// on the stored customer (added, or replacing a trait of the same name),
// which is created when s does not hold it. The customer is read and
// written in two calls, so concurrent Identify calls for one customer may
// lose a trait; serialise them when that matters. It returns the customer
// as stored.
func Identify(ctx context.Context, s Store, id CustomerID, traits Properties) (Customer, error) {
	if err := traits.Validate("traits"); err != nil {
		return Customer{}, fmt.Errorf("engagement: identify %q: %w", id, err)
	}
	c, err := s.Customer(ctx, id)
	switch {
	case err == nil:
	case errors.Is(err, ErrNotFound):
		c = Customer{ID: id}
	default:
		return Customer{}, fmt.Errorf("engagement: identify %q: %w", id, err)
	}
	c.Traits = c.Traits.With(traits)
	if err := s.PutCustomers(ctx, c); err != nil {
		return Customer{}, fmt.Errorf("engagement: identify %q: %w", id, err)
	}
	return c, nil
}
