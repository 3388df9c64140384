package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

var _ engagement.HistoryStore = (*Store)(nil)

// stateCols is how many columns a states row has.
const stateCols = 5

// stateSelect lists the columns scanState reads.
const stateSelect = `SELECT customer, time_ns, stage, band, score FROM {p}states`

// RecordStates stores state records, all or nothing, in one transaction,
// as [engagement.HistoryStore] says: a record that fails
// [engagement.StateRecord.Validate] fails the call with an error naming
// its place in rs and wrapping the *[engagement.FieldError]; a record
// naming an alias is kept under the customer the alias stands for; a
// record for a customer and nanosecond that has one replaces it, and
// within rs the later wins. Scores are stored as double precision, so
// every float64 comes back as it was.
func (s *Store) RecordStates(ctx context.Context, rs ...engagement.StateRecord) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: record states: %w", err)
	}
	if len(rs) == 0 {
		return nil
	}
	recs := make([]engagement.StateRecord, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("sqlstore: state record %d (customer %q): %w", i, r.Customer, err)
		}
		r.Time = r.Time.UTC().Round(0)
		if r.Score == 0 {
			r.Score = 0 // no negative zero
		}
		recs[i] = r
	}
	return s.write(ctx, "record states", lockResolve, func(tx *sql.Tx) error { return s.recordStatesTx(ctx, tx, recs) })
}

// stateKey orders state records by their row's key.
func stateKey(a, b engagement.StateRecord) int {
	return cmp.Or(strings.Compare(string(a.Customer), string(b.Customer)), a.Time.Compare(b.Time))
}

// recordStatesTx is the transaction of RecordStates. It does not change
// recs.
func (s *Store) recordStatesTx(ctx context.Context, tx *sql.Tx, recs []engagement.StateRecord) error {
	const op = "record states"
	ids := make([]engagement.CustomerID, len(recs))
	for i, r := range recs {
		ids[i] = r.Customer
	}
	canon, err := s.resolveAll(ctx, tx, op, ids)
	if err != nil {
		return err
	}
	rows := make([]engagement.StateRecord, len(recs))
	for i, r := range recs {
		if c, ok := canon[r.Customer]; ok {
			r.Customer = c
		}
		rows[i] = r
	}
	// Sorted by key, the later of equal keys last (a stable sort), then
	// only the last of each key kept: within a call the later wins, and
	// one statement never names a row twice (PostgreSQL refuses that).
	slices.SortStableFunc(rows, stateKey)
	kept := rows[:0]
	for i, r := range rows {
		if i+1 < len(rows) && stateKey(r, rows[i+1]) == 0 {
			continue
		}
		kept = append(kept, r)
	}
	rowsPer := s.dialect.maxParams() / stateCols
	args := make([]any, 0, min(len(kept), rowsPer)*stateCols)
	for chunk := range slicesChunk(kept, rowsPer) {
		args = args[:0]
		for _, r := range chunk {
			args = append(args, string(r.Customer), r.Time.UnixNano(), r.Stage, r.Band, r.Score)
		}
		q := s.expand(`INSERT INTO {p}states (customer, time_ns, stage, band, score) VALUES `) +
			placeholders(len(chunk), stateCols) +
			` ON CONFLICT (customer, time_ns) DO UPDATE SET stage = excluded.stage, band = excluded.band, score = excluded.score`
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args...); err != nil {
			return s.fail(ctx, op, err)
		}
	}
	return nil
}

// States yields the state records of the customer id stands for
// (resolving an alias) with Time at or after from and before to (a zero
// bound is no bound), in ascending order of Time, with times in UTC. Like
// [Store.Interactions] it reads them all with one query before yielding
// the first, so the loop body may call the store.
func (s *Store) States(ctx context.Context, id engagement.CustomerID, from, to time.Time) iter.Seq2[engagement.StateRecord, error] {
	return func(yield func(engagement.StateRecord, error) bool) {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		empty := false
		if !from.IsZero() {
			var ok bool
			if lo, ok = ceilNs(from); !ok {
				empty = true
			}
		}
		if !to.IsZero() {
			var ok bool
			// Before to is at or before its last nanosecond.
			if hi, ok = floorNs(to.Add(-time.Nanosecond)); !ok {
				empty = true
			}
		}
		var rs []engagement.StateRecord
		if !empty && lo <= hi {
			q := s.dialect.rebind(s.expand(stateSelect + ` WHERE customer = ` + resolveSQL + ` AND time_ns >= ? AND time_ns <= ? ORDER BY time_ns`))
			var err error
			if rs, err = s.readStates(ctx, "states", q, string(id), string(id), lo, hi); err != nil {
				yield(engagement.StateRecord{}, err)
				return
			}
		}
		yieldAll(ctx, "states", rs, yield)
	}
}

// LatestStates yields, for every customer with a state record at or
// before asOf, the latest such record, in ascending byte-wise order of
// customer ID, with one query read whole before the first is yielded. A
// zero asOf lies before every record, so it yields nothing.
func (s *Store) LatestStates(ctx context.Context, asOf time.Time) iter.Seq2[engagement.StateRecord, error] {
	return func(yield func(engagement.StateRecord, error) bool) {
		hi, ok := floorNs(asOf)
		var rs []engagement.StateRecord
		if ok {
			q := s.dialect.rebind(s.expand(`SELECT s.customer, s.time_ns, s.stage, s.band, s.score FROM {p}states s
				JOIN (SELECT customer, MAX(time_ns) AS time_ns FROM {p}states WHERE time_ns <= ? GROUP BY customer) m
				ON s.customer = m.customer AND s.time_ns = m.time_ns
				ORDER BY s.customer`))
			var err error
			if rs, err = s.readStates(ctx, "latest states", q, hi); err != nil {
				yield(engagement.StateRecord{}, err)
				return
			}
		}
		yieldAll(ctx, "latest states", rs, yield)
	}
}

// readStates runs the fixed query q and reads the state records it
// selects.
func (s *Store) readStates(ctx context.Context, op, q string, args ...any) ([]engagement.StateRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.fail(ctx, op, err)
	}
	defer rows.Close()
	var rs []engagement.StateRecord
	for rows.Next() {
		var (
			r        engagement.StateRecord
			customer string
			ns       int64
		)
		if err := rows.Scan(&customer, &ns, &r.Stage, &r.Band, &r.Score); err != nil {
			return nil, s.fail(ctx, op, err)
		}
		r.Customer, r.Time = engagement.CustomerID(customer), time.Unix(0, ns).UTC()
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, op, err)
	}
	return rs, nil
}

// yieldAll yields vs in order, stopping with an error once ctx is done.
func yieldAll[V any](ctx context.Context, op string, vs []V, yield func(V, error) bool) {
	ch := ctx.Done()
	for _, v := range vs {
		if done(ch) {
			var zero V
			yield(zero, fmt.Errorf("sqlstore: %s: %w", op, ctx.Err()))
			return
		}
		if !yield(v, nil) {
			return
		}
	}
}

// The earliest and latest times int64 nanoseconds since 1970 hold.
var (
	minNsTime = time.Unix(0, math.MinInt64)
	maxNsTime = time.Unix(0, math.MaxInt64)
)

// ceilNs returns the least int64 nanosecond at or after t, and false
// when t lies after every one.
func ceilNs(t time.Time) (int64, bool) {
	switch {
	case !t.After(minNsTime):
		return math.MinInt64, true
	case t.After(maxNsTime):
		return 0, false
	}
	return t.UnixNano(), true
}

// floorNs returns the greatest int64 nanosecond at or before t, and false
// when t lies before every one.
func floorNs(t time.Time) (int64, bool) {
	switch {
	case t.Before(minNsTime):
		return 0, false
	case !t.Before(maxNsTime):
		return math.MaxInt64, true
	}
	return t.UnixNano(), true
}
