package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
)

// caseRow is a case in the form it is stored in.
type caseRow struct {
	id, mentionSource, mentionID string
	severity                     int
	openedNs, dueNs              int64
	closedNs                     sql.NullInt64
	step, assignee               string
	mention, sentiment, path     string
}

// inRange reports whether t is a storable time: one whose UnixNano is
// exact, as for mentions.
func inRange(t time.Time) bool {
	return !t.IsZero() && !t.Before(time.Unix(0, -1<<63)) && !t.After(time.Unix(0, 1<<63-1))
}

// checkCase validates c for storage.
func checkCase(c *listening.Case) error {
	if c == nil {
		return invalid("case", "", "case is nil")
	}
	if err := checkText("id", c.ID); err != nil {
		return err
	}
	if c.ID == "" {
		return invalid("id", c.ID, "case id is empty")
	}
	if err := checkMention(c.Mention); err != nil {
		return err
	}
	if err := checkSentiment(c.Sentiment); err != nil {
		return err
	}
	if err := checkText("assignee", c.Assignee); err != nil {
		return err
	}
	if _, err := c.Severity.MarshalText(); err != nil {
		return err
	}
	switch {
	case !inRange(c.Opened):
		return invalid("opened", c.Opened.String(), "time is missing or outside the years 1678 to 2262")
	case !inRange(c.Due):
		return invalid("due", c.Due.String(), "time is missing or outside the years 1678 to 2262")
	}
	for _, r := range c.Path {
		if r.Step == listening.StepNone {
			return invalid("path", "", "step is unspecified")
		}
		if _, err := r.Step.MarshalText(); err != nil {
			return err
		}
		if !inRange(r.At) {
			return invalid("path", r.At.String(), "step time is missing or outside the years 1678 to 2262")
		}
		if err := checkText("path", r.Note); err != nil {
			return err
		}
	}
	return nil
}

// encodeCase turns c into a row, with every time in UTC.
func encodeCase(c *listening.Case) (caseRow, error) {
	if err := checkCase(c); err != nil {
		return caseRow{}, err
	}
	m := c.Mention
	m.Time = m.Time.UTC()
	if len(m.Topics) == 0 {
		m.Topics = nil
	}
	mj, err := json.Marshal(m)
	if err != nil {
		return caseRow{}, err
	}
	sj, err := json.Marshal(c.Sentiment)
	if err != nil {
		return caseRow{}, err
	}
	path := make([]listening.StepRecord, len(c.Path))
	for i, r := range c.Path {
		r.At = r.At.UTC()
		path[i] = r
	}
	pj, err := json.Marshal(path)
	if err != nil {
		return caseRow{}, err
	}
	r := caseRow{id: c.ID, mentionSource: c.Mention.Source, mentionID: c.Mention.ID, severity: int(c.Severity),
		openedNs: nanos(c.Opened), dueNs: nanos(c.Due), step: c.Step().String(), assignee: c.Assignee,
		mention: string(mj), sentiment: string(sj), path: string(pj)}
	if c.Closed() {
		r.closedNs = sql.NullInt64{Int64: nanos(c.Path[len(c.Path)-1].At), Valid: true}
	}
	return r, nil
}

// decode turns a row back into a case.
func (r caseRow) decode() (*listening.Case, error) {
	c := &listening.Case{ID: r.id, Severity: listening.Severity(r.severity), Opened: fromNanos(r.openedNs),
		Due: fromNanos(r.dueNs), Assignee: r.assignee}
	if err := json.Unmarshal([]byte(r.mention), &c.Mention); err != nil {
		return nil, fmt.Errorf("case %q mention: %w", r.id, err)
	}
	if err := json.Unmarshal([]byte(r.sentiment), &c.Sentiment); err != nil {
		return nil, fmt.Errorf("case %q sentiment: %w", r.id, err)
	}
	if err := json.Unmarshal([]byte(r.path), &c.Path); err != nil {
		return nil, fmt.Errorf("case %q path: %w", r.id, err)
	}
	c.Mention.Time = c.Mention.Time.UTC()
	if len(c.Path) == 0 {
		c.Path = nil
	}
	for i := range c.Path {
		c.Path[i].At = c.Path[i].At.UTC()
	}
	return c, nil
}

const caseColumns = `id, mention_source, mention_id, severity, opened_ns, due_ns, closed_ns, step, assignee, mention, sentiment, path`

func (r caseRow) args() []any {
	return []any{r.id, r.mentionSource, r.mentionID, r.severity, r.openedNs, r.dueNs, r.closedNs, r.step, r.assignee, r.mention, r.sentiment, r.path}
}

func scanCase(sc scanner) (caseRow, error) {
	var r caseRow
	err := sc.Scan(&r.id, &r.mentionSource, &r.mentionID, &r.severity, &r.openedNs, &r.dueNs, &r.closedNs, &r.step, &r.assignee, &r.mention, &r.sentiment, &r.path)
	return r, err
}

// mergeCase reports what to do with a new row for a case where old is
// held: write reports whether new replaces old, and err is a conflict. A
// case may move on (its stored path is a prefix of the new one) and change
// hands; anything else about it is fixed when it opens.
func mergeCase(old, new caseRow) (write bool, err error) {
	if old.mention != new.mention || old.sentiment != new.sentiment || old.severity != new.severity ||
		old.openedNs != new.openedNs || old.dueNs != new.dueNs {
		return false, errors.New("case is stored with another mention, sentiment, severity or times")
	}
	if old.path == new.path {
		return old.assignee != new.assignee, nil
	}
	var op, np []listening.StepRecord
	if json.Unmarshal([]byte(old.path), &op) != nil || json.Unmarshal([]byte(new.path), &np) != nil {
		return false, errors.New("case path does not decode")
	}
	if len(np) < len(op) || !slices.EqualFunc(op, np[:len(op)], func(a, b listening.StepRecord) bool {
		return a.Step == b.Step && a.At.Equal(b.At) && a.Note == b.Note
	}) {
		return false, errors.New("case is stored with steps the new path does not start with")
	}
	return true, nil
}

// PutCases stores cases, all or nothing. A case whose ID is stored already
// is skipped when its content is the same, and updated when it has only
// moved on (its path extends the stored one) or changed assignee; other
// content, or a path that drops or rewrites stored steps, gives an error
// matching [engagement.ErrConflict] and stores nothing. An invalid case
// gives an error wrapping a *[listening.FieldError].
func (s *Store) PutCases(ctx context.Context, cs ...*listening.Case) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: put cases: %w", err)
	}
	at := make(map[string]int, len(cs))
	var batch []caseRow
	for i, c := range cs {
		r, err := encodeCase(c)
		if err != nil {
			return fmt.Errorf("sqlstore: case %d: %w", i, err)
		}
		j, ok := at[r.id]
		if !ok {
			at[r.id] = len(batch)
			batch = append(batch, r)
			continue
		}
		w, err := mergeCase(batch[j], r)
		if err != nil {
			return fmt.Errorf("sqlstore: case %d: id %q is earlier in the batch: %v: %w", i, r.id, err, engagement.ErrConflict)
		}
		if w {
			batch[j] = r
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return s.write(ctx, "put cases", "cases", func(tx *sql.Tx) error {
		get := s.expand(`SELECT ` + caseColumns + ` FROM {p}cases WHERE id = ?`)
		ins := s.expand(`INSERT INTO {p}cases (` + caseColumns + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
		upd := s.expand(`UPDATE {p}cases SET closed_ns = ?, step = ?, assignee = ?, path = ? WHERE id = ?`)
		for _, r := range batch {
			old, err := scanCase(tx.QueryRowContext(ctx, get, r.id))
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if _, err := tx.ExecContext(ctx, ins, r.args()...); err != nil {
					return s.fail(ctx, "put cases", err)
				}
				continue
			case err != nil:
				return s.fail(ctx, "put cases", err)
			}
			w, err := mergeCase(old, r)
			if err != nil {
				return fmt.Errorf("sqlstore: case %q: %v: %w", r.id, err, engagement.ErrConflict)
			}
			if w {
				if _, err := tx.ExecContext(ctx, upd, r.closedNs, r.step, r.assignee, r.path, r.id); err != nil {
					return s.fail(ctx, "put cases", err)
				}
			}
		}
		return nil
	})
}

// Cases yields every stored case in order of opening time, then ID. The
// database is read when iteration starts; an error is yielded last.
func (s *Store) Cases(ctx context.Context) iter.Seq2[*listening.Case, error] {
	return func(yield func(*listening.Case, error) bool) {
		cs, err := s.readCases(ctx)
		for c, err := range each(ctx, "cases", cs, err) {
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

func (s *Store) readCases(ctx context.Context) ([]*listening.Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: cases: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.expand(`SELECT `+caseColumns+` FROM {p}cases ORDER BY opened_ns, id`))
	if err != nil {
		return nil, s.fail(ctx, "cases", err)
	}
	defer rows.Close()
	var out []*listening.Case
	for rows.Next() {
		r, err := scanCase(rows)
		if err != nil {
			return nil, s.fail(ctx, "cases", err)
		}
		c, err := r.decode()
		if err != nil {
			return nil, fmt.Errorf("sqlstore: cases: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "cases", err)
	}
	return out, nil
}
