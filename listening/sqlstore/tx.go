package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Retries of a write transaction the database aborted for contention.
const (
	maxRetries   = 8
	retryBackoff = 5 * time.Millisecond // doubled on each retry, with jitter
)

// write runs fn in a transaction that first locks table (without the
// prefix) against other writers, and commits it, retrying the whole
// transaction up to maxRetries times with a backoff that honours ctx when
// the database aborts it for contention. fn must wrap database errors with
// s.fail so that they stay recognisable.
//
// On PostgreSQL the lock is EXCLUSIVE mode on the table, which lets
// readers in but serialises writers, so that rows are numbered in commit
// order. On SQLite the Store admits one writer at a time and the
// transaction takes SQLite's write lock with its first statement.
func (s *Store) write(ctx context.Context, op, table string, fn func(tx *sql.Tx) error) error {
	backoff := retryBackoff
	for attempt := 0; ; attempt++ {
		err := s.tryWrite(ctx, op, table, fn)
		if err == nil || attempt == maxRetries || !retryable(err) || ctx.Err() != nil {
			return err
		}
		// Full jitter from the clock's low bits: no global random state.
		wait := backoff/2 + time.Duration(time.Now().UnixNano()%int64(backoff))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return s.fail(ctx, op, ctx.Err())
		case <-t.C:
		}
		backoff = min(2*backoff, 200*time.Millisecond)
	}
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

// sqlStater is what PostgreSQL drivers' errors have: the SQLSTATE code.
type sqlStater interface{ SQLState() string }

// sqliteCoder is what modernc.org/sqlite's errors have: the result code.
type sqliteCoder interface{ Code() int }

// retryable reports whether err says the database aborted a transaction
// for contention: serialization failure or deadlock on PostgreSQL, busy
// or locked on SQLite.
func retryable(err error) bool {
	var st sqlStater
	if errors.As(err, &st) {
		c := st.SQLState()
		return c == "40001" || c == "40P01"
	}
	var sc sqliteCoder
	if errors.As(err, &sc) {
		c := sc.Code() & 0xff
		return c == 5 || c == 6 // SQLITE_BUSY, SQLITE_LOCKED
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}
