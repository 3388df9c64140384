package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"time"
	"unicode/utf8"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
)

// mentionRow is a mention (and its sentiment, when scored) in the form it
// is stored in: the mention's fields with topics and sentiment as JSON.
type mentionRow struct {
	source, id, author  string
	timeNs              int64
	text, url, customer string
	topics              string
	scored              bool
	score               float64
	sentiment           string
	negative            bool
}

// sameMention reports whether a and b hold the same mention, whatever
// their sentiment.
func (a mentionRow) sameMention(b mentionRow) bool {
	return a.source == b.source && a.id == b.id && a.author == b.author && a.timeNs == b.timeNs &&
		a.text == b.text && a.url == b.url && a.customer == b.customer && a.topics == b.topics
}

// sameAnalysis reports whether a and b carry the same sentiment.
func (a mentionRow) sameAnalysis(b mentionRow) bool {
	return a.scored == b.scored && a.sentiment == b.sentiment && a.negative == b.negative
}

// invalid builds a *listening.FieldError with a plain reason, cutting an
// over-long value at a character boundary.
func invalid(field, value, reason string) *listening.FieldError {
	return &listening.FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}

// checkText reports a string that SQL text columns cannot keep exactly.
func checkText(field, v string) error {
	if !utf8.ValidString(v) {
		return invalid(field, v, "text is not valid UTF-8")
	}
	for i := 0; i < len(v); i++ {
		if v[i] == 0 {
			return invalid(field, v, "text holds a NUL byte")
		}
	}
	return nil
}

// checkMention validates m for storage.
func checkMention(m listening.Mention) error {
	if err := m.Validate(); err != nil {
		return err
	}
	fields := []struct{ name, v string }{{"id", m.ID}, {"source", m.Source}, {"author", m.Author}, {"text", m.Text}, {"url", m.URL}, {"customer", string(m.Customer)}}
	for _, f := range fields {
		if err := checkText(f.name, f.v); err != nil {
			return err
		}
	}
	for _, t := range m.Topics {
		if err := checkText("topics", t); err != nil {
			return err
		}
	}
	return nil
}

// checkSentiment validates a sentiment for storage: finite numbers.
func checkSentiment(v sentiment.Sentiment) error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"score", v.Score}, {"positive", v.Positive}, {"negative", v.Negative}, {"neutral", v.Neutral}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return invalid(f.name, fmt.Sprint(f.v), "sentiment is not a finite number")
		}
	}
	return nil
}

// encodeMention turns a mention, and its sentiment if sv is non-nil, into
// a row.
func encodeMention(m listening.Mention, sv *sentiment.Sentiment, negative bool) (mentionRow, error) {
	if err := checkMention(m); err != nil {
		return mentionRow{}, err
	}
	topics := m.Topics
	if topics == nil {
		topics = []string{}
	}
	tj, err := json.Marshal(topics)
	if err != nil {
		return mentionRow{}, err
	}
	r := mentionRow{source: m.Source, id: m.ID, author: m.Author, timeNs: nanos(m.Time), text: m.Text,
		url: m.URL, customer: string(m.Customer), topics: string(tj)}
	if sv != nil {
		if err := checkSentiment(*sv); err != nil {
			return mentionRow{}, err
		}
		sj, err := json.Marshal(sv)
		if err != nil {
			return mentionRow{}, err
		}
		r.scored, r.score, r.sentiment, r.negative = true, sv.Score, string(sj), negative
	}
	return r, nil
}

// decode turns a row back into a scored mention; Sentiment is zero and
// the bool false for a mention stored without one.
func (r mentionRow) decode() (listening.Scored, bool, error) {
	m := listening.Mention{ID: r.id, Source: r.source, Author: r.author, Time: fromNanos(r.timeNs), Text: r.text,
		URL: r.url, Customer: engagement.CustomerID(r.customer)}
	if err := json.Unmarshal([]byte(r.topics), &m.Topics); err != nil {
		return listening.Scored{}, false, fmt.Errorf("mention %q topics: %w", r.id, err)
	}
	if len(m.Topics) == 0 {
		m.Topics = nil
	}
	sc := listening.Scored{Mention: m}
	if r.scored {
		if err := json.Unmarshal([]byte(r.sentiment), &sc.Sentiment); err != nil {
			return listening.Scored{}, false, fmt.Errorf("mention %q sentiment: %w", r.id, err)
		}
		sc.Negative = r.negative
	}
	return sc, r.scored, nil
}

// mentionColumns are the columns of a mention row, in the order of
// mentionRow.args and scanMention.
const mentionColumns = `source, id, author, time_ns, text, url, customer, topics, scored, score, sentiment, negative`

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r mentionRow) args() []any {
	return []any{r.source, r.id, r.author, r.timeNs, r.text, r.url, r.customer, r.topics, b2i(r.scored), r.score, r.sentiment, b2i(r.negative)}
}

type scanner interface{ Scan(...any) error }

func scanMention(sc scanner, extra ...any) (mentionRow, error) {
	var (
		r                mentionRow
		scored, negative int
	)
	dst := append([]any{&r.source, &r.id, &r.author, &r.timeNs, &r.text, &r.url, &r.customer, &r.topics, &scored, &r.score, &r.sentiment, &negative}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return mentionRow{}, err
	}
	r.scored, r.negative = scored != 0, negative != 0
	return r, nil
}

// PutMentions stores mentions without sentiment, all or nothing. A mention
// whose source and ID are stored already is skipped when its content is
// the same; other content gives an error matching [engagement.ErrConflict]
// and stores nothing. An invalid mention gives an error wrapping a
// *[listening.FieldError]; nothing is stored then either.
func (s *Store) PutMentions(ctx context.Context, ms ...listening.Mention) error {
	rows := make([]mentionRow, len(ms))
	for i, m := range ms {
		r, err := encodeMention(m, nil, false)
		if err != nil {
			return fmt.Errorf("sqlstore: mention %d: %w", i, err)
		}
		rows[i] = r
	}
	return s.putMentions(ctx, rows)
}

// PutScored stores mentions with their sentiment, all or nothing, as
// [Store.PutMentions] does. A mention stored without sentiment gains the
// one given; one stored with a different sentiment is a conflict.
func (s *Store) PutScored(ctx context.Context, ss ...listening.Scored) error {
	rows := make([]mentionRow, len(ss))
	for i, sc := range ss {
		r, err := encodeMention(sc.Mention, &sc.Sentiment, sc.Negative)
		if err != nil {
			return fmt.Errorf("sqlstore: mention %d: %w", i, err)
		}
		rows[i] = r
	}
	return s.putMentions(ctx, rows)
}

// merge reports what to do with a new row for a key where old is held:
// write reports whether new must replace old (it adds a sentiment), and
// err is a conflict.
func merge(old, new mentionRow) (write bool, err error) {
	switch {
	case !old.sameMention(new):
		return false, errors.New("mention is stored with other content")
	case old.sameAnalysis(new) || !new.scored:
		return false, nil
	case !old.scored:
		return true, nil
	}
	return false, errors.New("mention is stored with another sentiment")
}

type mentionKey struct{ source, id string }

func (s *Store) putMentions(ctx context.Context, rows []mentionRow) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: put mentions: %w", err)
	}
	// Settle repeats within the batch first, the later winning when it
	// only adds a sentiment.
	at := make(map[mentionKey]int, len(rows))
	var batch []mentionRow
	for i, r := range rows {
		k := mentionKey{r.source, r.id}
		j, ok := at[k]
		if !ok {
			at[k] = len(batch)
			batch = append(batch, r)
			continue
		}
		w, err := merge(batch[j], r)
		if err != nil {
			return fmt.Errorf("sqlstore: mention %d: source %q id %q is earlier in the batch: %v: %w", i, r.source, r.id, err, engagement.ErrConflict)
		}
		if w {
			batch[j] = r
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return s.write(ctx, "put mentions", "mentions", func(tx *sql.Tx) error {
		var seq sql.NullInt64
		if err := tx.QueryRowContext(ctx, s.expand(`SELECT MAX(seq) FROM {p}mentions`)).Scan(&seq); err != nil {
			return s.fail(ctx, "put mentions", err)
		}
		next := seq.Int64
		get := s.expand(`SELECT ` + mentionColumns + ` FROM {p}mentions WHERE source = ? AND id = ?`)
		ins := s.expand(`INSERT INTO {p}mentions (` + mentionColumns + `, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		upd := s.expand(`UPDATE {p}mentions SET scored = ?, score = ?, sentiment = ?, negative = ? WHERE source = ? AND id = ?`)
		for _, r := range batch {
			old, err := scanMention(tx.QueryRowContext(ctx, get, r.source, r.id))
			switch {
			case errors.Is(err, sql.ErrNoRows):
				next++
				if _, err := tx.ExecContext(ctx, ins, append(r.args(), next)...); err != nil {
					return s.fail(ctx, "put mentions", err)
				}
				continue
			case err != nil:
				return s.fail(ctx, "put mentions", err)
			}
			w, err := merge(old, r)
			if err != nil {
				return fmt.Errorf("sqlstore: source %q id %q: %v: %w", r.source, r.id, err, engagement.ErrConflict)
			}
			if w {
				if _, err := tx.ExecContext(ctx, upd, 1, r.score, r.sentiment, b2i(r.negative), r.source, r.id); err != nil {
					return s.fail(ctx, "put mentions", err)
				}
			}
		}
		return nil
	})
}

// readMentions reads the rows with time in [from, to) (a zero bound is
// open), in time, ID then source order.
func (s *Store) readMentions(ctx context.Context, from, to time.Time, scoredOnly bool) ([]listening.Scored, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: mentions: %w", err)
	}
	q := `SELECT ` + mentionColumns + ` FROM {p}mentions WHERE 1 = 1`
	var args []any
	if !from.IsZero() {
		q += ` AND time_ns >= ?`
		args = append(args, bound(from))
	}
	if !to.IsZero() {
		q += ` AND time_ns < ?`
		args = append(args, bound(to))
	}
	if scoredOnly {
		q += ` AND scored = 1`
	}
	q += ` ORDER BY time_ns, id, source`
	rows, err := s.db.QueryContext(ctx, s.expand(q), args...)
	if err != nil {
		return nil, s.fail(ctx, "mentions", err)
	}
	defer rows.Close()
	var out []listening.Scored
	for rows.Next() {
		r, err := scanMention(rows)
		if err != nil {
			return nil, s.fail(ctx, "mentions", err)
		}
		sc, _, err := r.decode()
		if err != nil {
			return nil, fmt.Errorf("sqlstore: mentions: %w", err)
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "mentions", err)
	}
	return out, nil
}

// bound returns t as Unix nanoseconds, clamped to the int64 range.
func bound(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// each yields xs, or err, stopping with ctx's error once it is done.
func each[T any](ctx context.Context, op string, xs []T, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err != nil {
			yield(zero, err)
			return
		}
		for _, x := range xs {
			if ctx.Err() != nil {
				yield(zero, fmt.Errorf("sqlstore: %s: %w", op, ctx.Err()))
				return
			}
			if !yield(x, nil) {
				return
			}
		}
	}
}

// Mentions yields the stored mentions said in [from, to), in time then ID
// order (then source); a zero from or to leaves that end open. The
// database is read when iteration starts; an error is yielded last.
func (s *Store) Mentions(ctx context.Context, from, to time.Time) iter.Seq2[listening.Mention, error] {
	return func(yield func(listening.Mention, error) bool) {
		ss, err := s.readMentions(ctx, from, to, false)
		for sc, err := range each(ctx, "mentions", ss, err) {
			if !yield(sc.Mention, err) || err != nil {
				return
			}
		}
	}
}

// Scored yields the stored mentions in [from, to) that have a sentiment,
// with it, in the order of [Store.Mentions].
func (s *Store) Scored(ctx context.Context, from, to time.Time) iter.Seq2[listening.Scored, error] {
	return func(yield func(listening.Scored, error) bool) {
		ss, err := s.readMentions(ctx, from, to, true)
		for sc, err := range each(ctx, "scored mentions", ss, err) {
			if !yield(sc, err) || err != nil {
				return
			}
		}
	}
}
