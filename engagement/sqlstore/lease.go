package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/engagekit/engage/engagement"
)

var _ engagement.Leaser = (*Store)(nil)

// The polling of a Lease that waits: the first wait, doubled after each
// try up to the last.
const (
	leasePollFirst = 2 * time.Millisecond
	leasePollMax   = 50 * time.Millisecond
	// releaseGrace bounds a Release called with a context that is done.
	releaseGrace = 5 * time.Second
)

// Lease takes the lease called name, as [engagement.Leaser] says, waiting
// while another holds it. A lease is a row of the leases table with a
// random holder token and an expiry; taking it is one statement that
// inserts the row, or takes it over when it has expired, so of several
// callers (goroutines or processes sharing the database) exactly one
// succeeds. The others try again after 2 ms, doubling up to 50 ms, until
// ctx is done.
//
// Expiry is measured by the clock of the process taking the lease, so
// processes sharing a database must have clocks that agree to well within
// ttl. An empty or malformed name, or a ttl that is not positive, is an
// error wrapping a *[engagement.FieldError].
func (s *Store) Lease(ctx context.Context, name string, ttl time.Duration) (engagement.Lease, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: lease: %w", err)
	}
	// Validate checks the name as a key; the other fields only pass.
	if err := (engagement.Checkpoint{Customer: "lease", Name: name, Saved: time.Unix(0, 0)}).Validate(); err != nil {
		return nil, fmt.Errorf("sqlstore: lease %q: %w", name, err)
	}
	if ttl <= 0 {
		return nil, fmt.Errorf("sqlstore: lease %q: %w", name, &engagement.FieldError{Field: "ttl", Value: ttl.String(), Err: errors.New("must be positive")})
	}
	var b [16]byte
	rand.Read(b[:]) // never fails
	l := &lease{s: s, name: name, token: fmt.Sprintf("%x", b)}
	wait := leasePollFirst
	for {
		ok, err := s.tryLease(ctx, l, ttl)
		if err != nil {
			return nil, err
		}
		if ok {
			return l, nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("sqlstore: lease %q: %w", name, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, leasePollMax)
	}
}

// tryLease takes l for ttl if no one holds it, or its holder's time is
// up, and reports whether it did.
func (s *Store) tryLease(ctx context.Context, l *lease, ttl time.Duration) (bool, error) {
	op := fmt.Sprintf("lease %q", l.name)
	var taken bool
	err := s.write(ctx, op, lockNone, func(tx *sql.Tx) error {
		now := s.now().UnixNano()
		expires := now + int64(ttl)
		if expires < now {
			expires = math.MaxInt64
		}
		q := s.dialect.rebind(s.expand(`INSERT INTO {p}leases (name, holder, expires_ns) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ns = excluded.expires_ns
			WHERE {p}leases.expires_ns <= ?`))
		res, err := tx.ExecContext(ctx, q, l.name, l.token, expires, now)
		if err != nil {
			return s.fail(ctx, op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s.fail(ctx, op, err)
		}
		taken = n > 0
		return nil
	})
	return taken, err
}

// lease is a held lease of a Store: its row's name and holder token.
type lease struct {
	s     *Store
	name  string
	token string
}

// Release gives the lease up: it deletes its row if this lease still
// holds it, and does nothing (returning nil) if the lease has lapsed and
// another took it, or was released already. It releases even when ctx is
// done, within releaseGrace, so that a deferred Release after a
// cancellation frees the lease for the others rather than leave them
// waiting for it to lapse.
func (l *lease) Release(ctx context.Context) error {
	op := fmt.Sprintf("release lease %q", l.name)
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), releaseGrace)
		defer cancel()
	}
	return l.s.write(ctx, op, lockNone, func(tx *sql.Tx) error {
		q := l.s.dialect.rebind(l.s.expand(`DELETE FROM {p}leases WHERE name = ? AND holder = ?`))
		if _, err := tx.ExecContext(ctx, q, l.name, l.token); err != nil {
			return l.s.fail(ctx, op, err)
		}
		return nil
	})
}
