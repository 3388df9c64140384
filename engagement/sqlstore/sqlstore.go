package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/sqlprefix"
)

// Store is an [engagement.Store] kept in a SQL database reached through
// database/sql. It is safe for concurrent use, by many goroutines and by
// many processes sharing the database. Create one with [New].
//
// A Store does not own its *sql.DB: closing the database is the caller's
// job, and a Store must not be used after it. On SQLite a Store keeps a
// few prepared statements (one per fixed read query) open on the database
// until it is closed.
type Store struct {
	db      *sql.DB
	dialect Dialect
	prefix  string
	now     func() time.Time
	stmts   stmtCache
	// expander fills in the table prefix and column types (see expand).
	expander *strings.Replacer
	// writer admits one write transaction of this Store at a time on
	// SQLite, which runs one writer at a time anyway: waiting here is
	// first come, first served, where SQLite's busy handler lets a
	// waiting writer sleep through many others' turns.
	writer chan struct{}
}

var (
	_ engagement.Store         = (*Store)(nil)
	_ engagement.IdentityStore = (*Store)(nil)
	_ engagement.ConsentStore  = (*Store)(nil)
	_ engagement.Eraser        = (*Store)(nil)
)

// Options configures [New]. The zero Options is the default: no table
// prefix.
type Options struct {
	// TablePrefix goes before the name of every table and index the Store
	// creates, so that several stores can share one database (or schema).
	// It must match ^[a-z_][a-z0-9_]{0,30}$; New rejects any other with an
	// error. Empty means no prefix.
	TablePrefix string
}

// Option configures [New]: an [Options] value, or the deprecated
// [WithTablePrefix].
type Option interface {
	apply(*config) error
}

func (o Options) apply(c *config) error {
	if o.TablePrefix == "" {
		return nil
	}
	return setPrefix(c, o.TablePrefix)
}

// optionFunc is an Option made of a function.
type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

// config holds the options of New. Its zero value is the default.
type config struct {
	prefix string
}

func setPrefix(c *config, prefix string) error {
	if err := sqlprefix.Check(prefix); err != nil {
		return err
	}
	c.prefix = prefix
	return nil
}

// WithTablePrefix is Options{TablePrefix: prefix}, except that it refuses
// an empty prefix.
//
// Deprecated: use [Options].TablePrefix.
func WithTablePrefix(prefix string) Option {
	return optionFunc(func(c *config) error { return setPrefix(c, prefix) })
}

// New returns a Store over db, which the caller has opened with a driver
// for dialect. It creates the tables on first use and migrates an older
// schema to [SchemaVersion]; if the database holds a newer schema it
// returns an error matching [ErrSchemaTooNew] and changes nothing.
//
// For SQLite, see the package documentation for the settings db needs.
func New(ctx context.Context, db *sql.DB, dialect Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if !dialect.valid() {
		return nil, fmt.Errorf("sqlstore: unknown dialect %v", dialect)
	}
	var c config
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt.apply(&c); err != nil {
			return nil, err
		}
	}
	s := &Store{db: db, dialect: dialect, prefix: c.prefix, now: time.Now, writer: make(chan struct{}, 1),
		expander: strings.NewReplacer("{p}", c.prefix, "{id}", dialect.idType(), "{blob}", dialect.blobType())}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Dialect returns the dialect s was created with.
func (s *Store) Dialect() Dialect { return s.dialect }

// fail wraps err for the operation op. When ctx is done it wraps ctx.Err()
// instead, whatever the driver made of the cancellation, so that callers
// can match context.Canceled and context.DeadlineExceeded. Otherwise the
// driver's error stays reachable with errors.As (and is how [Store.write]
// recognises contention).
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, cerr)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// done reports whether done, a context's Done channel, is closed. A nil
// channel (a context that can never be cancelled) is never done.
func done(ch <-chan struct{}) bool {
	if ch == nil {
		return false
	}
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
