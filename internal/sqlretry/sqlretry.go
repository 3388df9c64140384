// Package sqlretry holds what the SQL stores of engage share about
// transactions a database aborts for contention: which errors those are,
// and how a write is tried again.
package sqlretry

import (
	"context"
	"errors"
	"strings"
	"time"
)

// The retry schedule: up to MaxRetries more tries, waiting about Backoff
// before the first and twice as long before each next, up to MaxBackoff.
const (
	MaxRetries = 8
	Backoff    = 5 * time.Millisecond
	MaxBackoff = 200 * time.Millisecond
)

// sqlStater is what PostgreSQL drivers' errors have (pgconn.PgError among
// them): the SQLSTATE code.
type sqlStater interface{ SQLState() string }

// sqliteCoder is what modernc.org/sqlite's errors have: the result code.
type sqliteCoder interface{ Code() int }

// SQLite result codes of contention (primary codes; extended codes carry
// them in the low byte).
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// Retryable reports whether err says the database aborted a transaction
// for contention, so that running it again may succeed: a serialization
// failure (40001) or a deadlock (40P01) on PostgreSQL, busy or locked on
// SQLite. err must wrap the driver's error with %w.
func Retryable(err error) bool {
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

// Do calls try until it succeeds, fails with an error that is not
// Retryable, has been tried MaxRetries more times, or ctx is done, and
// returns its last error. Between tries it waits with full jitter taken
// from the low bits of now() (no global random state). When ctx ends a
// wait, Do returns cancelled(ctx.Err()).
func Do(ctx context.Context, now func() time.Time, try func() error, cancelled func(error) error) error {
	return do(ctx, now, try, cancelled, func(d time.Duration) (<-chan time.Time, func()) {
		t := time.NewTimer(d)
		return t.C, func() { t.Stop() }
	})
}

// do is Do with the waiting handed in, so that tests need not wait.
func do(ctx context.Context, now func() time.Time, try func() error, cancelled func(error) error,
	after func(time.Duration) (<-chan time.Time, func())) error {
	backoff := Backoff
	for attempt := 0; ; attempt++ {
		err := try()
		if err == nil || attempt == MaxRetries || !Retryable(err) || ctx.Err() != nil {
			return err
		}
		jitter := now().UnixNano() % int64(backoff)
		if jitter < 0 {
			jitter += int64(backoff) // a clock before 1970 must not shorten the wait
		}
		wait := backoff/2 + time.Duration(jitter)
		ch, stop := after(wait)
		select {
		case <-ctx.Done():
			stop()
			return cancelled(ctx.Err())
		case <-ch:
		}
		backoff = min(2*backoff, MaxBackoff)
	}
}
