package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/engagekit/engage/engagement"
)

// Merge makes m.From an alias of the customer m.Into stands for, all or
// nothing, in one transaction, as [engagement.IdentityStore] says: From's
// interactions and consent records move to that customer (a consent
// record it holds already is kept once), so do its state records and
// checkpoints (where that customer has a record for the same time, or a
// checkpoint of the same name, that one is kept and From's dropped), the
// customer records are
// combined by [engagement.MergeCustomers], aliases of From are pointed at
// that customer, and m is recorded as given for [Store.Merges].
//
// It fails with an error wrapping a *[engagement.FieldError] when m fails
// [engagement.Merge.Validate] or the combined customer record would fail
// [engagement.Customer.Validate] (too many traits), and with one matching
// [engagement.ErrConflict] when From is an alias of another customer, or
// m.Into stands for From. Merging an alias into the customer it stands
// for already, directly or through another alias of it, changes nothing.
//
// Merges run one at a time, and no other write runs alongside one.
func (s *Store) Merge(ctx context.Context, m engagement.Merge) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: merge: %w", err)
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("sqlstore: merge %q into %q: %w", m.From, m.Into, err)
	}
	m.Time = m.Time.UTC().Round(0)
	return s.write(ctx, "merge", lockIdentity, func(tx *sql.Tx) error { return s.mergeTx(ctx, tx, m) })
}

// mergeTx is the transaction of Merge.
func (s *Store) mergeTx(ctx context.Context, tx *sql.Tx, m engagement.Merge) error {
	const op = "merge"
	from, into := m.From, m.Into
	fromCanon, err := s.resolveOne(ctx, tx, op, from)
	if err != nil {
		return err
	}
	intoCanon, err := s.resolveOne(ctx, tx, op, into)
	if err != nil {
		return err
	}
	switch {
	case fromCanon != from && fromCanon == intoCanon:
		return nil // merged already
	case fromCanon != from:
		return fmt.Errorf("sqlstore: merge %q into %q: %q is an alias of %q already: %w", from, into, from, fromCanon, engagement.ErrConflict)
	case intoCanon == from:
		return fmt.Errorf("sqlstore: merge %q into %q: %q stands for %q, so the merge would make a cycle: %w", from, into, into, from, engagement.ErrConflict)
	}
	into = intoCanon

	// The customer records.
	fromRec, fromOK, err := s.customerTx(ctx, tx, op, from)
	if err != nil {
		return err
	}
	if fromOK {
		intoRec, intoOK, err := s.customerTx(ctx, tx, op, into)
		if err != nil {
			return err
		}
		if !intoOK {
			intoRec = engagement.Customer{ID: into}
		}
		merged := engagement.MergeCustomers(intoRec, fromRec)
		if err := merged.Validate(); err != nil {
			return fmt.Errorf("sqlstore: merge %q into %q: the combined customer: %w", m.From, m.Into, err)
		}
		row, err := newCustomerRow(merged)
		if err != nil {
			return fmt.Errorf("sqlstore: merge %q into %q: %w", m.From, m.Into, err)
		}
		if err := s.upsertCustomers(ctx, tx, op, row.args(into)); err != nil {
			return err
		}
	}

	stmts := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM {p}customers WHERE id = ?`, []any{from}},
		{`UPDATE {p}interactions SET customer = ? WHERE customer = ?`, []any{into, from}},
		// A consent record Into holds already is kept once.
		{`DELETE FROM {p}consents WHERE customer = ? AND EXISTS (SELECT 1 FROM {p}consents d WHERE d.customer = ?
			AND d.purpose = {p}consents.purpose AND d.channel = {p}consents.channel AND d.state = {p}consents.state
			AND d.time_ns = {p}consents.time_ns AND d.expires_ns = {p}consents.expires_ns AND d.source_hash = {p}consents.source_hash)`, []any{from, into}},
		{`UPDATE {p}consents SET customer = ? WHERE customer = ?`, []any{into, from}},
		// A state record or checkpoint Into has for the same time or
		// name wins over From's.
		{`DELETE FROM {p}states WHERE customer = ? AND time_ns IN (SELECT d.time_ns FROM {p}states d WHERE d.customer = ?)`, []any{from, into}},
		{`UPDATE {p}states SET customer = ? WHERE customer = ?`, []any{into, from}},
		{`DELETE FROM {p}checkpoints WHERE customer = ? AND name IN (SELECT d.name FROM {p}checkpoints d WHERE d.customer = ?)`, []any{from, into}},
		{`UPDATE {p}checkpoints SET customer = ? WHERE customer = ?`, []any{into, from}},
		{`UPDATE {p}aliases SET into_id = ? WHERE into_id = ?`, []any{into, from}},
		{`INSERT INTO {p}aliases (from_id, into_id) VALUES (?, ?)`, []any{from, into}},
		{`INSERT INTO {p}merges (from_id, into_id, time_ns, reason) VALUES (?, ?, ?, ?)`, []any{m.From, m.Into, m.Time.UnixNano(), m.Reason}},
	}
	for _, st := range stmts {
		for i, a := range st.args {
			if id, ok := a.(engagement.CustomerID); ok {
				st.args[i] = string(id)
			}
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(s.expand(st.q)), st.args...); err != nil {
			return s.fail(ctx, op, err)
		}
	}
	return nil
}

// customerTx reads the customers row of id inside tx, and reports
// whether there is one.
func (s *Store) customerTx(ctx context.Context, tx *sql.Tx, op string, id engagement.CustomerID) (engagement.Customer, bool, error) {
	q := s.dialect.rebind(s.expand(customerSelect + ` WHERE id = ?`))
	c, err := scanCustomer(tx.QueryRowContext(ctx, q, string(id)))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return engagement.Customer{}, false, nil
	case err != nil:
		return engagement.Customer{}, false, s.fail(ctx, op+": read customer", err)
	}
	return c, true, nil
}

// Resolve returns the ID that id stands for: the customer it was merged
// into, through any chain of merges, or id itself. It is one lookup:
// aliases are kept pointing straight at their customer.
func (s *Store) Resolve(ctx context.Context, id engagement.CustomerID) (engagement.CustomerID, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("sqlstore: resolve %q: %w", id, err)
	}
	return s.resolveOne(ctx, nil, fmt.Sprintf("resolve %q", id), id)
}

// Merges yields the merges that made IDs aliases of the customer id
// stands for, directly or through a chain, ordered by Time, then From
// (byte-wise), each as recorded. Like [Store.Interactions] it reads them
// all with one query before yielding the first.
func (s *Store) Merges(ctx context.Context, id engagement.CustomerID) iter.Seq2[engagement.Merge, error] {
	return func(yield func(engagement.Merge, error) bool) {
		ms, err := s.readMerges(ctx, id)
		if err != nil {
			yield(engagement.Merge{}, err)
			return
		}
		ch := ctx.Done()
		for _, m := range ms {
			if done(ch) {
				yield(engagement.Merge{}, fmt.Errorf("sqlstore: merges: %w", ctx.Err()))
				return
			}
			if !yield(m, nil) {
				return
			}
		}
	}
}

// readMerges reads the merges of the customer id stands for, in order.
func (s *Store) readMerges(ctx context.Context, id engagement.CustomerID) ([]engagement.Merge, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: merges: %w", err)
	}
	q := s.dialect.rebind(s.expand(`SELECT m.from_id, m.into_id, m.time_ns, m.reason
		FROM {p}merges m JOIN {p}aliases a ON a.from_id = m.from_id
		WHERE a.into_id = ` + resolveSQL + ` ORDER BY m.time_ns, m.from_id`))
	rows, err := s.query(ctx, q, string(id), string(id))
	if err != nil {
		return nil, s.fail(ctx, "merges", err)
	}
	defer rows.Close()
	var ms []engagement.Merge
	for rows.Next() {
		var (
			m          engagement.Merge
			from, into string
			ns         int64
		)
		if err := rows.Scan(&from, &into, &ns, &m.Reason); err != nil {
			return nil, s.fail(ctx, "merges", err)
		}
		m.From, m.Into, m.Time = engagement.CustomerID(from), engagement.CustomerID(into), time.Unix(0, ns).UTC()
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "merges", err)
	}
	return ms, nil
}
