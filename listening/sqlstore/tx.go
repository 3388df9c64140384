package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/engagekit/engage/internal/sqlretry"
)

// write runs fn in a transaction that first locks table (without the
// prefix) against other writers, and commits it, retrying the whole
// transaction as [sqlretry.Do] does when the database aborts it for
// contention. fn must wrap database errors with
// s.fail so that they stay recognisable.
//
// On PostgreSQL the lock is EXCLUSIVE mode on the table, which lets
// readers in but serialises writers, so that rows are numbered in commit
// order. On SQLite the Store admits one writer at a time and the
// transaction takes SQLite's write lock with its first statement.
func (s *Store) write(ctx context.Context, op, table string, fn func(tx *sql.Tx) error) error {
	return sqlretry.Do(ctx, time.Now, func() error { return s.tryWrite(ctx, op, table, fn) },
		func(err error) error { return s.fail(ctx, op, err) })
}

// tryWrite runs fn once in a transaction.
func (s *Store) tryWrite(ctx context.Context, op, table string, fn func(tx *sql.Tx) error) error {
	if s.dialect == SQLite {
		select {
		case s.writer <- struct{}{}:
			defer func() { <-s.writer }()
		case <-ctx.Done():
			return s.fail(ctx, op, ctx.Err())
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, op, err)
	}
	defer tx.Rollback()
	lock := `LOCK TABLE {p}` + table + ` IN EXCLUSIVE MODE`
	if s.dialect == SQLite {
		// A write that changes nothing takes the write lock at once, so
		// the transaction never upgrades a read snapshot (which SQLite
		// refuses with SQLITE_BUSY when another writer got in between).
		lock = `DELETE FROM {p}schema_version WHERE version < 0`
	}
	if _, err := tx.ExecContext(ctx, s.expand(lock)); err != nil {
		return s.fail(ctx, op, err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, op, err)
	}
	return nil
}
