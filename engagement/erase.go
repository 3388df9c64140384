package engagement

import (
	"context"
	"fmt"
)

// ErasureMode says how [Eraser.Erase] removes a customer.
type ErasureMode uint8

// The erasure modes. The zero ErasureMode is not valid.
const (
	// EraseDelete removes the customer record, every interaction, every
	// consent record, every alias and every merge record of the customer,
	// and, in a store that keeps them, its state records and checkpoints.
	EraseDelete ErasureMode = iota + 1
	// EraseAnonymise removes the customer record, consent records, aliases,
	// merge records, state records and checkpoints, and keeps the
	// interactions for aggregate figures
	// under a pseudonym, with their properties removed: times, kinds,
	// touch points, amounts and ratings stay, so revenue and stage mixes
	// do not change, but nothing links them to the person.
	EraseAnonymise
)

// String returns "delete" or "anonymise".
func (m ErasureMode) String() string {
	switch m {
	case EraseDelete:
		return "delete"
	case EraseAnonymise:
		return "anonymise"
	}
	return fmt.Sprintf("ErasureMode(%d)", uint8(m))
}

// Erasure asks for one customer to be erased, as the GDPR's right to
// erasure requires.
type Erasure struct {
	// Customer is the customer to erase; an alias is resolved, and the
	// customer it stands for is erased with all its aliases.
	Customer CustomerID
	Mode     ErasureMode
	// Pseudonym is the ID the interactions are kept under with
	// EraseAnonymise: one the store has never seen, chosen so that it
	// cannot be traced back (random, not a hash of the ID). Ignored with
	// EraseDelete.
	Pseudonym CustomerID
}

// Validate reports the first problem with e as a *[FieldError], or nil.
func (e Erasure) Validate() error {
	if err := checkKey("customer", string(e.Customer), 0); err != nil {
		return err
	}
	switch e.Mode {
	case EraseDelete:
		return nil
	case EraseAnonymise:
		if err := checkKey("pseudonym", string(e.Pseudonym), 0); err != nil {
			return err
		}
		if e.Pseudonym == e.Customer {
			return fieldError("pseudonym", string(e.Pseudonym), "must differ from the customer id")
		}
		return nil
	}
	return fieldError("mode", e.Mode.String(), "want delete or anonymise")
}

// ErasureReport counts what [Eraser.Erase] removed or anonymised.
type ErasureReport struct {
	Customer     CustomerID // the customer erased (an alias resolved)
	Record       bool       // whether a customer record was removed
	Interactions int        // interactions removed, or moved to the pseudonym
	Consents     int        // consent records removed
	Aliases      int        // IDs that stood for the customer, now forgotten
	States       int        // state records removed ([HistoryStore])
	Checkpoints  int        // checkpoints removed ([CheckpointStore])
}

// Eraser is the optional capability of a [Store] to erase a customer.
// [MemoryStore] and the SQL stores have it; package storetest checks it.
type Eraser interface {
	// Erase removes the customer e names, as e.Mode says, all or nothing:
	// on any error nothing is removed. It fails with an error wrapping a
	// *FieldError when e fails [Erasure.Validate], and with one matching
	// [ErrConflict] when the pseudonym is an ID the store holds already
	// in any role (a customer, an interaction's customer, a consent
	// record's customer, an alias or a customer with aliases). Erasing a
	// customer the store knows nothing of succeeds with a report that
	// counts nothing, before the pseudonym is checked, so a retried
	// erasure is safe. Erasure is not a block list: a later
	// Append naming the customer stores it again.
	Erase(ctx context.Context, e Erasure) (ErasureReport, error)
}
