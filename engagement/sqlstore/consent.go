package sqlstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// consentCols is how many columns a consents row has.
const consentCols = 8

// noExpiry is the expires_ns of a grant that does not lapse. No valid
// expiry maps there: an expiry lies after its record's time, which lies
// after the earliest int64 nanosecond.
const noExpiry = math.MinInt64

// consentSelect lists the columns scanConsent reads.
const consentSelect = `SELECT customer, purpose, channel, state, time_ns, expires_ns, source FROM {p}consents`

// consentRow is a consent record as its row holds it.
type consentRow struct {
	r                engagement.ConsentRecord
	timeNs, expireNs int64
	sourceHash       string
}

// newConsentRow encodes r for its row.
func newConsentRow(r engagement.ConsentRecord) consentRow {
	row := consentRow{r: r, timeNs: r.Time.UnixNano(), expireNs: noExpiry}
	if !r.Expires.IsZero() {
		row.expireNs = r.Expires.UnixNano()
	}
	sum := sha256.Sum256([]byte(r.Source))
	row.sourceHash = hex.EncodeToString(sum[:])
	return row
}

// compareKey orders rows by the columns of the consents key, the order
// in which RecordConsent writes them (so row locks are taken in one
// order). Rows with equal keys record the same thing.
func (a consentRow) compareKey(b consentRow) int {
	return cmp.Or(
		strings.Compare(string(a.r.Customer), string(b.r.Customer)),
		strings.Compare(string(a.r.Purpose), string(b.r.Purpose)),
		strings.Compare(a.r.Channel, b.r.Channel),
		cmp.Compare(a.r.State, b.r.State),
		cmp.Compare(a.timeNs, b.timeNs),
		cmp.Compare(a.expireNs, b.expireNs),
		strings.Compare(a.sourceHash, b.sourceHash),
	)
}

// RecordConsent stores consent records, all or nothing, in one
// transaction. If any record fails [engagement.ConsentRecord.Validate] it
// returns an error wrapping that *[engagement.FieldError], naming the
// record's place in rs, and stores none. A record naming an alias
// ([Store.Merge]) is kept under the customer the alias stands for, and a
// record equal to one stored already, or earlier in rs, is stored once.
// Times are kept to the nanosecond.
func (s *Store) RecordConsent(ctx context.Context, rs ...engagement.ConsentRecord) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: record consent: %w", err)
	}
	if len(rs) == 0 {
		return nil
	}
	recs := make([]engagement.ConsentRecord, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("sqlstore: consent record %d (customer %q): %w", i, r.Customer, err)
		}
		recs[i] = r
	}
	return s.write(ctx, "record consent", lockResolve, func(tx *sql.Tx) error { return s.recordConsentTx(ctx, tx, recs) })
}

// recordConsentTx is the transaction of RecordConsent. It does not change
// recs.
func (s *Store) recordConsentTx(ctx context.Context, tx *sql.Tx, recs []engagement.ConsentRecord) error {
	ids := make([]engagement.CustomerID, len(recs))
	for i, r := range recs {
		ids[i] = r.Customer
	}
	canon, err := s.resolveAll(ctx, tx, "record consent", ids)
	if err != nil {
		return err
	}
	rows := make([]consentRow, len(recs))
	for i, r := range recs {
		if c, ok := canon[r.Customer]; ok {
			r.Customer = c
		}
		rows[i] = newConsentRow(r)
	}
	slices.SortFunc(rows, consentRow.compareKey)
	rows = slices.CompactFunc(rows, func(a, b consentRow) bool { return a.compareKey(b) == 0 })
	rowsPer := s.dialect.maxParams() / consentCols
	args := make([]any, 0, min(len(rows), rowsPer)*consentCols)
	for chunk := range slicesChunk(rows, rowsPer) {
		args = args[:0]
		for _, row := range chunk {
			args = append(args, string(row.r.Customer), string(row.r.Purpose), row.r.Channel, int64(row.r.State),
				row.timeNs, row.expireNs, row.r.Source, row.sourceHash)
		}
		q := s.expand(`INSERT INTO {p}consents (customer, purpose, channel, state, time_ns, expires_ns, source, source_hash) VALUES `) +
			placeholders(len(chunk), consentCols) + ` ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args...); err != nil {
			return s.fail(ctx, "record consent", err)
		}
	}
	return nil
}

// ConsentRecords yields the consent records of the customer id stands for
// (resolving an alias), in the order of [engagement.CompareConsentRecords],
// with times in UTC. Like [Store.Interactions] it reads them all with one
// query before yielding the first, so the loop body may call the store.
func (s *Store) ConsentRecords(ctx context.Context, id engagement.CustomerID) iter.Seq2[engagement.ConsentRecord, error] {
	return func(yield func(engagement.ConsentRecord, error) bool) {
		rs, err := s.readConsents(ctx, id)
		if err != nil {
			yield(engagement.ConsentRecord{}, err)
			return
		}
		ch := ctx.Done()
		for _, r := range rs {
			if done(ch) {
				yield(engagement.ConsentRecord{}, fmt.Errorf("sqlstore: consent records: %w", ctx.Err()))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// readConsents reads the consent records of the customer id stands for,
// in order.
func (s *Store) readConsents(ctx context.Context, id engagement.CustomerID) ([]engagement.ConsentRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: consent records: %w", err)
	}
	q := s.dialect.rebind(s.expand(consentSelect + ` WHERE customer = ` + resolveSQL))
	rows, err := s.query(ctx, q, string(id), string(id))
	if err != nil {
		return nil, s.fail(ctx, "consent records", err)
	}
	defer rows.Close()
	var rs []engagement.ConsentRecord
	for rows.Next() {
		r, err := scanConsent(rows)
		if err != nil {
			return nil, s.fail(ctx, "consent records", err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "consent records", err)
	}
	// Sorted here, not by the database: the order of a zero expiry and of
	// text is Go's, whatever the collation.
	slices.SortFunc(rs, engagement.CompareConsentRecords)
	return rs, nil
}

// scanConsent reads one consents row.
func scanConsent(r scanner) (engagement.ConsentRecord, error) {
	var (
		rec                      engagement.ConsentRecord
		customer, purpose        string
		state, timeNs, expiresNs int64
	)
	if err := r.Scan(&customer, &purpose, &rec.Channel, &state, &timeNs, &expiresNs, &rec.Source); err != nil {
		return engagement.ConsentRecord{}, err
	}
	rec.Customer = engagement.CustomerID(customer)
	rec.Purpose = engagement.Purpose(purpose)
	rec.State = engagement.Consent(state)
	rec.Time = time.Unix(0, timeNs).UTC()
	if expiresNs != noExpiry {
		rec.Expires = time.Unix(0, expiresNs).UTC()
	}
	return rec, nil
}
