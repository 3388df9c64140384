package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/engagekit/engage/engagement"
)

// Erase removes the customer e names (resolving an alias) with all its
// aliases, all or nothing, in one transaction, as [engagement.Eraser]
// says. With [engagement.EraseDelete] it deletes the customer record, the
// interactions, the consent records, the state records, the checkpoints,
// the aliases and the merge records that made them; with
// [engagement.EraseAnonymise] it deletes the same but moves the
// interactions to e.Pseudonym with their properties cleared.
//
// It fails with an error wrapping a *[engagement.FieldError] when e fails
// [engagement.Erasure.Validate], and, when anonymising a customer the
// store knows, with one matching [engagement.ErrConflict] when the
// pseudonym is an ID the store holds (a customer record, the customer of
// an interaction, consent record, state record or checkpoint, an alias or
// an alias's customer). A
// customer the store knows nothing of is erased with a report that names
// it and counts nothing, whatever the pseudonym, so that a retried
// erasure succeeds.
//
// Erasures run one at a time, and no other write runs alongside one.
func (s *Store) Erase(ctx context.Context, e engagement.Erasure) (engagement.ErasureReport, error) {
	if err := ctx.Err(); err != nil {
		return engagement.ErasureReport{}, fmt.Errorf("sqlstore: erase: %w", err)
	}
	if err := e.Validate(); err != nil {
		return engagement.ErasureReport{}, fmt.Errorf("sqlstore: erase %q: %w", e.Customer, err)
	}
	var rep engagement.ErasureReport
	err := s.write(ctx, "erase", lockIdentity, func(tx *sql.Tx) error {
		var err error
		rep, err = s.eraseTx(ctx, tx, e)
		return err
	})
	if err != nil {
		return engagement.ErasureReport{}, err
	}
	return rep, nil
}

// eraseTx is the transaction of Erase.
func (s *Store) eraseTx(ctx context.Context, tx *sql.Tx, e engagement.Erasure) (engagement.ErasureReport, error) {
	const op = "erase"
	c, err := s.resolveOne(ctx, tx, op, e.Customer)
	if err != nil {
		return engagement.ErasureReport{}, err
	}
	rep := engagement.ErasureReport{Customer: c}
	known, err := s.holds(ctx, tx, c)
	if err != nil || !known {
		return rep, err
	}
	if e.Mode == engagement.EraseAnonymise {
		taken, err := s.holds(ctx, tx, e.Pseudonym)
		if err != nil {
			return rep, err
		}
		if taken {
			return rep, fmt.Errorf("sqlstore: erase %q: pseudonym %q is an ID the store holds: %w", e.Customer, e.Pseudonym, engagement.ErrConflict)
		}
	}
	exec := func(q string, args ...any) (int64, error) {
		res, err := tx.ExecContext(ctx, s.dialect.rebind(s.expand(q)), args...)
		if err != nil {
			return 0, s.fail(ctx, op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, s.fail(ctx, op, err)
		}
		return n, nil
	}
	id := string(c)
	var n int64
	if e.Mode == engagement.EraseAnonymise {
		n, err = exec(`UPDATE {p}interactions SET customer = ?, properties = '{}' WHERE customer = ?`, string(e.Pseudonym), id)
	} else {
		n, err = exec(`DELETE FROM {p}interactions WHERE customer = ?`, id)
	}
	if err != nil {
		return rep, err
	}
	rep.Interactions = int(n)
	if n, err = exec(`DELETE FROM {p}consents WHERE customer = ?`, id); err != nil {
		return rep, err
	}
	rep.Consents = int(n)
	if n, err = exec(`DELETE FROM {p}states WHERE customer = ?`, id); err != nil {
		return rep, err
	}
	rep.States = int(n)
	if n, err = exec(`DELETE FROM {p}checkpoints WHERE customer = ?`, id); err != nil {
		return rep, err
	}
	rep.Checkpoints = int(n)
	if n, err = exec(`DELETE FROM {p}customers WHERE id = ?`, id); err != nil {
		return rep, err
	}
	rep.Record = n > 0
	if _, err = exec(`DELETE FROM {p}merges WHERE into_id = ? OR from_id IN (SELECT from_id FROM {p}aliases WHERE into_id = ?)`, id, id); err != nil {
		return rep, err
	}
	if n, err = exec(`DELETE FROM {p}aliases WHERE into_id = ?`, id); err != nil {
		return rep, err
	}
	rep.Aliases = int(n)
	return rep, nil
}

// holds reports whether the store holds anything under id: a customer
// record, an interaction, consent record, state record or checkpoint of
// the customer, an alias, or an alias's customer.
func (s *Store) holds(ctx context.Context, tx *sql.Tx, id engagement.CustomerID) (bool, error) {
	q := s.dialect.rebind(s.expand(`SELECT
		EXISTS (SELECT 1 FROM {p}customers WHERE id = ?) OR
		EXISTS (SELECT 1 FROM {p}interactions WHERE customer = ?) OR
		EXISTS (SELECT 1 FROM {p}consents WHERE customer = ?) OR
		EXISTS (SELECT 1 FROM {p}states WHERE customer = ?) OR
		EXISTS (SELECT 1 FROM {p}checkpoints WHERE customer = ?) OR
		EXISTS (SELECT 1 FROM {p}aliases WHERE from_id = ? OR into_id = ?)`))
	v := string(id)
	var held bool
	if err := tx.QueryRowContext(ctx, q, v, v, v, v, v, v, v).Scan(&held); err != nil {
		return false, s.fail(ctx, "erase: look up "+fmt.Sprintf("%q", id), err)
	}
	return held, nil
}
