package sqlstore

import (
	"context"
	"database/sql"

	"github.com/engagekit/engage/internal/sqlretry"
)

// lockMode says what a write transaction may do to identities.
type lockMode uint8

const (
	// lockResolve is for writes that only resolve aliases (Append,
	// PutCustomers, RecordConsent): any number run at once.
	lockResolve lockMode = iota
	// lockIdentity is for writes that change aliases (Merge, Erase): one
	// runs at a time, and no lockResolve write alongside it.
	lockIdentity
	// lockNone is for writes that touch no customer's rows (leases): on
	// PostgreSQL they take no lock on the aliases table, so a merge does
	// not hold them up.
	lockNone
)

// write runs fn in a transaction and commits it, retrying the whole
// transaction as [sqlretry.Do] does when the database aborts it for
// contention (SQLSTATE 40001 or 40P01, or SQLite busy). fn must leave nothing behind outside the
// transaction, so that running it again is safe, and wrap database errors
// with s.fail, so that they stay recognisable here.
//
// Every transaction takes its locks in one order: first the lock on the
// aliases table (PostgreSQL) or SQLite's write lock, then row locks, in
// the ascending key order in which fn writes rows. Merges and erasures
// take the aliases table exclusively, so that no write resolves an alias
// they are changing.
func (s *Store) write(ctx context.Context, op string, mode lockMode, fn func(tx *sql.Tx) error) error {
	return sqlretry.Do(ctx, s.now, func() error { return s.tryWrite(ctx, op, mode, fn) },
		func(err error) error { return s.fail(ctx, op, err) })
}

// tryWrite runs fn once in a transaction.
func (s *Store) tryWrite(ctx context.Context, op string, mode lockMode, fn func(tx *sql.Tx) error) error {
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
	if s.dialect == SQLite {
		if err := s.lockSQLite(ctx, tx); err != nil {
			return err
		}
	} else if mode != lockNone {
		lock := `LOCK TABLE {p}aliases IN SHARE MODE`
		if mode == lockIdentity {
			lock = `LOCK TABLE {p}aliases IN EXCLUSIVE MODE`
		}
		if _, err := tx.ExecContext(ctx, s.expand(lock)); err != nil {
			return s.fail(ctx, op, err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, op, err)
	}
	return nil
}
