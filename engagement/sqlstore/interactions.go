package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// interactionCols is how many columns an interactions row has.
const interactionCols = 9

// interactionSelect lists the columns scanInteraction reads.
const interactionSelect = `SELECT id, customer, time_ns, kind, touchpoint, amount, rating_scale, rating_value, properties FROM {p}interactions`

// Append stores a batch of interactions, all or nothing, in one
// transaction.
//
// It first validates every interaction; the first that fails
// [engagement.Interaction.Validate] fails the batch with an error that
// names its index and ID and wraps the *[engagement.FieldError] (so it
// matches [engagement.ErrInvalid]). Inside the transaction it files each
// interaction naming an alias under the customer the alias stands for
// ([Store.Merge]). An interaction repeating an earlier one in the batch is
// skipped when [engagement.Interaction.Equal] to it and fails the batch
// with an error wrapping [engagement.ErrConflict] otherwise. Then it reads
// the stored interactions with the batch's IDs and treats them the same
// way, and inserts the rest, in ascending order of ID. Should another
// writer store one of those IDs between the check and the insert, the
// insert skips it and Append checks again that what is stored equals the
// batch. A failed batch stores nothing.
//
// Times are stored as int64 nanoseconds since 1970, amounts as decimal
// text with their scale (1.50 stays "1.50"), and properties as a JSON
// object of their JSON forms, all exactly.
func (s *Store) Append(ctx context.Context, batch ...engagement.Interaction) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: append: %w", err)
	}
	if len(batch) == 0 {
		return nil
	}
	in := make([]engagement.Interaction, len(batch))
	for i, b := range batch {
		if err := b.Validate(); err != nil {
			return fmt.Errorf("sqlstore: batch item %d (id %q): %w", i, b.ID, err)
		}
		b.Time = b.Time.UTC().Round(0)
		b.Properties = b.Properties.Clone()
		in[i] = b
	}
	return s.write(ctx, "append", lockResolve, func(tx *sql.Tx) error { return s.appendTx(ctx, tx, in) })
}

// appendTx is the transaction of Append over the validated batch, which
// it does not change (a retry runs it again).
func (s *Store) appendTx(ctx context.Context, tx *sql.Tx, batch []engagement.Interaction) error {
	ids := make([]engagement.CustomerID, len(batch))
	for i, in := range batch {
		ids[i] = in.Customer
	}
	canon, err := s.resolveAll(ctx, tx, "append", ids)
	if err != nil {
		return err
	}
	add := make([]engagement.Interaction, 0, len(batch))
	pending := make(map[string]int, len(batch)) // ID → index in batch
	for i, in := range batch {
		if c, ok := canon[in.Customer]; ok {
			in.Customer = c
		}
		if j, ok := pending[in.ID]; ok {
			prev := batch[j]
			if c, ok := canon[prev.Customer]; ok {
				prev.Customer = c
			}
			if prev.Equal(in) {
				continue
			}
			return fmt.Errorf("sqlstore: batch item %d: id %q is earlier in the batch with other content: %w", i, in.ID, engagement.ErrConflict)
		}
		pending[in.ID] = i
		add = append(add, in)
	}
	// One order of row locks for every writer: no deadlocks.
	slices.SortFunc(add, func(a, b engagement.Interaction) int { return strings.Compare(a.ID, b.ID) })

	// Drop what is stored already, failing on a conflict.
	stored, err := s.readByID(ctx, tx, add)
	if err != nil {
		return err
	}
	if len(stored) > 0 {
		fresh := add[:0]
		for _, in := range add {
			prev, ok := stored[in.ID]
			if !ok {
				fresh = append(fresh, in)
				continue
			}
			if !prev.Equal(in) {
				return fmt.Errorf("sqlstore: batch item %d: id %q is stored with other content: %w", pending[in.ID], in.ID, engagement.ErrConflict)
			}
		}
		add = fresh
	}
	if len(add) == 0 {
		return nil
	}

	// Insert the rest. ON CONFLICT DO NOTHING makes a row stored by a
	// concurrent writer since the check a skip, not a failure; the check
	// below then decides.
	rowsPer := s.dialect.maxParams() / interactionCols
	var inserted int64
	args := make([]any, 0, min(len(add), rowsPer)*interactionCols)
	var full *sql.Stmt // the statement for a chunk of rowsPer rows, prepared once
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for chunk := range slicesChunk(add, rowsPer) {
		args = args[:0]
		for _, in := range chunk {
			props, err := propsText(in.Properties)
			if err != nil {
				return fmt.Errorf("sqlstore: batch item %d (id %q): properties: %w", pending[in.ID], in.ID, err)
			}
			args = append(args, in.ID, string(in.Customer), in.Time.UnixNano(), string(in.Kind),
				in.Touchpoint, amountText(in.Amount), int64(in.Rating.Scale), int64(in.Rating.Value), props)
		}
		q := s.dialect.rebind(s.expand(`INSERT INTO {p}interactions (id, customer, time_ns, kind, touchpoint, amount, rating_scale, rating_value, properties) VALUES `) +
			placeholders(len(chunk), interactionCols) + ` ON CONFLICT (id) DO NOTHING`)
		var res sql.Result
		if len(chunk) == rowsPer && len(add) > rowsPer {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return s.fail(ctx, "append", err)
				}
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return s.fail(ctx, "append", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s.fail(ctx, "append", err)
		}
		inserted += n
	}
	if inserted < int64(len(add)) {
		stored, err := s.readByID(ctx, tx, add)
		if err != nil {
			return err
		}
		for _, in := range add {
			if prev, ok := stored[in.ID]; !ok || !prev.Equal(in) {
				return fmt.Errorf("sqlstore: batch item %d: id %q was stored concurrently with other content: %w", pending[in.ID], in.ID, engagement.ErrConflict)
			}
		}
	}
	return nil
}

// slicesChunk yields consecutive pieces of s of at most n elements.
func slicesChunk[E any](s []E, n int) iter.Seq[[]E] {
	return func(yield func([]E) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// readByID returns the stored interactions whose IDs are among those of
// ins, by ID.
func (s *Store) readByID(ctx context.Context, tx *sql.Tx, ins []engagement.Interaction) (map[string]engagement.Interaction, error) {
	stored := make(map[string]engagement.Interaction)
	per := s.dialect.maxParams()
	args := make([]any, 0, min(len(ins), per))
	for chunk := range slicesChunk(ins, per) {
		args = args[:0]
		for _, in := range chunk {
			args = append(args, in.ID)
		}
		q := s.expand(interactionSelect) + ` WHERE id IN (` + strings.Repeat("?,", len(chunk)-1) + `?)`
		rows, err := tx.QueryContext(ctx, s.dialect.rebind(q), args...)
		if err != nil {
			return nil, s.fail(ctx, "append: read stored", err)
		}
		for rows.Next() {
			in, err := scanInteraction(rows)
			if err != nil {
				rows.Close()
				return nil, s.fail(ctx, "append: read stored", err)
			}
			stored[in.ID] = in
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, s.fail(ctx, "append: read stored", err)
		}
	}
	return stored, nil
}

// Interactions yields the stored interactions that q selects, ordered by
// customer ID, then time, then interaction ID (IDs byte-wise), with times
// in UTC.
//
// It reads every selected row with one query, into memory, before
// yielding the first: the query sees one consistent state of the
// database, so never part of a batch, and no connection is held while the
// loop body runs, so the body may call the store, Append included (it does
// not see what it appends). Memory grows with the number of rows selected;
// narrow q by customer or time to bound it. Once ctx is done it yields an
// error wrapping ctx.Err() and stops.
func (s *Store) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		ins, err := s.readInteractions(ctx, q)
		if err != nil {
			yield(engagement.Interaction{}, err)
			return
		}
		ch := ctx.Done()
		for _, in := range ins {
			if done(ch) {
				yield(engagement.Interaction{}, fmt.Errorf("sqlstore: interactions: %w", ctx.Err()))
				return
			}
			if !yield(in, nil) {
				return
			}
		}
	}
}

// readInteractions reads what q selects, in order.
func (s *Store) readInteractions(ctx context.Context, q engagement.Query) ([]engagement.Interaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: interactions: %w", err)
	}
	var (
		where []string
		args  []any
	)
	if q.Customer != "" {
		where = append(where, "customer = "+resolveSQL)
		args = append(args, string(q.Customer), string(q.Customer))
	}
	if !q.From.IsZero() {
		where = append(where, "time_ns >= ?")
		args = append(args, boundNanos(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "time_ns < ?")
		args = append(args, boundNanos(q.To))
	}
	stmt := interactionSelect
	if len(where) > 0 {
		stmt += " WHERE " + strings.Join(where, " AND ")
	}
	stmt += " ORDER BY customer, time_ns, id"
	rows, err := s.query(ctx, s.dialect.rebind(s.expand(stmt)), args...)
	if err != nil {
		return nil, s.fail(ctx, "interactions", err)
	}
	defer rows.Close()
	var ins []engagement.Interaction
	for rows.Next() {
		in, err := scanInteraction(rows)
		if err != nil {
			return nil, s.fail(ctx, "interactions", err)
		}
		ins = append(ins, in)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "interactions", err)
	}
	return ins, nil
}

// boundNanos returns t as nanoseconds since 1970, clamped to the int64
// range, for a query bound: a bound beyond the times an interaction may
// carry selects the same rows as the extreme value.
func boundNanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, -1<<63)):
		return -1 << 63
	case t.After(time.Unix(0, 1<<63-1)):
		return 1<<63 - 1
	}
	return t.UnixNano()
}

// amountText returns d as exact decimal text that keeps its scale: 1.50
// for decimal.New(150, -2).
func amountText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// scanInteraction reads one interactions row.
func scanInteraction(r scanner) (engagement.Interaction, error) {
	var (
		in                   engagement.Interaction
		customer, kind, amt  string
		props                string
		ns, scale, ratingVal int64
	)
	if err := r.Scan(&in.ID, &customer, &ns, &kind, &in.Touchpoint, &amt, &scale, &ratingVal, &props); err != nil {
		return engagement.Interaction{}, err
	}
	ps, err := parseProps(props)
	if err != nil {
		return engagement.Interaction{}, fmt.Errorf("interaction %q: properties: %w", in.ID, err)
	}
	in.Properties = ps
	amount, err := decimal.NewFromString(amt)
	if err != nil {
		return engagement.Interaction{}, fmt.Errorf("interaction %q: amount %q: %v", in.ID, amt, err)
	}
	in.Customer = engagement.CustomerID(customer)
	in.Time = time.Unix(0, ns).UTC()
	in.Kind = engagement.Kind(kind)
	in.Amount = amount
	in.Rating = engagement.Rating{Scale: engagement.Scale(scale), Value: int8(ratingVal)}
	return in, nil
}
