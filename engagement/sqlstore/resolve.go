package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/engagekit/engage/engagement"
)

// resolveSQL is an SQL expression for the customer the ID in its two
// parameters (the same ID twice) stands for: the target of its alias, or
// the ID itself. Reads use it inside their one query, so that the lookup
// and the read see the same state of the database.
const resolveSQL = `COALESCE((SELECT into_id FROM {p}aliases WHERE from_id = ?), ?)`

// resolveAll returns, for the IDs among ids that are aliases, the
// customer each stands for. Aliases point straight at a customer that is
// no one's alias, so one lookup each suffices.
func (s *Store) resolveAll(ctx context.Context, tx *sql.Tx, op string, ids []engagement.CustomerID) (map[engagement.CustomerID]engagement.CustomerID, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make(map[engagement.CustomerID]engagement.CustomerID)
	per := s.dialect.maxParams()
	args := make([]any, 0, min(len(ids), per))
	for chunk := range slicesChunk(ids, per) {
		args = args[:0]
		for _, id := range chunk {
			args = append(args, string(id))
		}
		q := s.expand(`SELECT from_id, into_id FROM {p}aliases WHERE from_id IN (`) + strings.Repeat("?,", len(chunk)-1) + `?)`
		rows, err := tx.QueryContext(ctx, s.dialect.rebind(q), args...)
		if err != nil {
			return nil, s.fail(ctx, op+": resolve aliases", err)
		}
		for rows.Next() {
			var from, into string
			if err := rows.Scan(&from, &into); err != nil {
				rows.Close()
				return nil, s.fail(ctx, op+": resolve aliases", err)
			}
			out[engagement.CustomerID(from)] = engagement.CustomerID(into)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, s.fail(ctx, op+": resolve aliases", err)
		}
	}
	return out, nil
}

// resolveOne returns the customer id stands for, inside tx, or outside
// any transaction when tx is nil.
func (s *Store) resolveOne(ctx context.Context, tx *sql.Tx, op string, id engagement.CustomerID) (engagement.CustomerID, error) {
	var (
		into string
		q    = s.dialect.rebind(s.expand(`SELECT ` + resolveSQL))
		row  *sql.Row
	)
	if tx != nil {
		row = tx.QueryRowContext(ctx, q, string(id), string(id))
	} else {
		row = s.queryRow(ctx, q, string(id), string(id))
	}
	err := row.Scan(&into)
	if err != nil {
		return "", s.fail(ctx, op+": resolve alias", err)
	}
	return engagement.CustomerID(into), nil
}
