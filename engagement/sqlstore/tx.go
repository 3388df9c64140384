package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Retries of a write transaction that the database aborted for
// contention: a serialization failure, a deadlock, or SQLite busy.
const (
	maxRetries   = 8
	retryBackoff = 5 * time.Millisecond // doubled on each retry, with jitter
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
// transaction, up to maxRetries times with a short backoff that honours
// ctx, when the database aborts it for contention (SQLSTATE 40001 or
// 40P01, or SQLite busy). fn must leave nothing behind outside the
// transaction, so that running it again is safe, and wrap database errors
// with s.fail, so that they stay recognisable here.
//
// Every transaction takes its locks in one order: first the lock on the
// aliases table (PostgreSQL) or SQLite's write lock, then row locks, in
// the ascending key order in which fn writes rows. Merges and erasures
// take the aliases table exclusively, so that no write resolves an alias
// they are changing.
func (s *Store) write(ctx context.Context, op string, mode lockMode, fn func(tx *sql.Tx) error) error {
	backoff := retryBackoff
	for attempt := 0; ; attempt++ {
		err := s.tryWrite(ctx, op, mode, fn)
		if err == nil || attempt == maxRetries || !retryable(err) || ctx.Err() != nil {
			return err
		}
		// Full jitter from the clock's low bits: no global random state.
		wait := backoff/2 + time.Duration(s.now().UnixNano()%int64(backoff))
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

// sqlStater is what PostgreSQL drivers' errors have (pgconn.PgError
// among them): the SQLSTATE code.
type sqlStater interface{ SQLState() string }

// sqliteCoder is what modernc.org/sqlite's errors have: the result code.
type sqliteCoder interface{ Code() int }

// SQLite result codes of contention (primary codes; extended codes carry
// them in the low byte).
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// retryable reports whether err says the database aborted a transaction
// for contention, so that running it again may succeed.
func retryable(err error) bool {
	var st sqlStater
	if errors.As(err, &st) {
		switch st.SQLState() {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
		return false
	}
	var sc sqliteCoder
	if errors.As(err, &sc) {
		c := sc.Code() & 0xff
		return c == sqliteBusy || c == sqliteLocked
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}
