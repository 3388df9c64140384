package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/engagekit/engage/listening"
)

var _ listening.Source = (*Store)(nil)

// FetchLimit is how many mentions one [Store.Fetch] returns at most.
const FetchLimit = 1000

// Fetch implements [listening.Source]: it returns the mentions first
// written after those cursor stands for, in the order they were first
// written, at most FetchLimit of them, so that stored mentions can be
// replayed into a [listening.Centre]. Writes are numbered in commit order,
// so a cursor never skips a mention written concurrently. The cursor is
// the write number of the last mention returned, as a decimal string.
func (s *Store) Fetch(ctx context.Context, cursor listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
	if err := ctx.Err(); err != nil {
		return nil, cursor, fmt.Errorf("sqlstore: fetch: %w", err)
	}
	var after int64
	if cursor != "" {
		n, err := strconv.ParseInt(string(cursor), 10, 64)
		if err != nil || n < 0 || strconv.FormatInt(n, 10) != string(cursor) {
			return nil, cursor, fmt.Errorf("sqlstore: fetch: cursor %q: %w", cursor, listening.ErrCursor)
		}
		after = n
	}
	q := s.expand(`SELECT ` + mentionColumns + `, seq FROM {p}mentions WHERE seq > ? ORDER BY seq LIMIT ` + strconv.Itoa(FetchLimit))
	rows, err := s.db.QueryContext(ctx, q, after)
	if err != nil {
		return nil, cursor, s.fail(ctx, "fetch", err)
	}
	defer rows.Close()
	var (
		out  []listening.Mention
		last = after
	)
	for rows.Next() {
		r, err := scanMention(rows, &last)
		if err != nil {
			return nil, cursor, s.fail(ctx, "fetch", err)
		}
		sc, _, err := r.decode()
		if err != nil {
			return nil, cursor, fmt.Errorf("sqlstore: fetch: %w", err)
		}
		out = append(out, sc.Mention)
	}
	if err := rows.Err(); err != nil {
		return nil, cursor, s.fail(ctx, "fetch", err)
	}
	if len(out) > 0 {
		return out, listening.Cursor(strconv.FormatInt(last, 10)), nil
	}
	if after > 0 {
		// A cursor past every write was not made by this store.
		var max int64
		if err := s.db.QueryRowContext(ctx, s.expand(`SELECT COALESCE(MAX(seq), 0) FROM {p}mentions`)).Scan(&max); err != nil {
			return nil, cursor, s.fail(ctx, "fetch", err)
		}
		if after > max {
			return nil, cursor, fmt.Errorf("sqlstore: fetch: cursor %q is past the end: %w", cursor, listening.ErrCursor)
		}
	}
	return nil, cursor, nil
}
