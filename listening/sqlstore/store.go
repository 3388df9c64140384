package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	esql "github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/internal/sqlprefix"
)

// Dialect names the SQL database a [Store] talks to: the same type, and
// the same values, as engagement/sqlstore's, so that one setting serves
// both stores of a database. The zero Dialect is not valid; pass [SQLite]
// or [PostgreSQL] to [New].
type Dialect = esql.Dialect

// The supported dialects.
const (
	SQLite     = esql.SQLite     // SQLite 3.24 or later, through any database/sql driver
	PostgreSQL = esql.PostgreSQL // PostgreSQL 12 or later, through any database/sql driver
)

// Store keeps mentions and cases in a SQL database. It is safe for
// concurrent use, by many goroutines and by many processes sharing the
// database. It does not own its *sql.DB: closing it is the caller's job.
type Store struct {
	db       *sql.DB
	dialect  Dialect
	expander *strings.Replacer
	// writer admits one write transaction of this Store at a time on
	// SQLite, which runs one writer at a time anyway.
	writer chan struct{}
}

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
// schema to [SchemaVersion]; a newer schema gives an error matching
// [ErrSchemaTooNew] and is left alone. On SQLite, open db with WAL and a
// busy timeout, as for engagement/sqlstore.
func New(ctx context.Context, db *sql.DB, dialect Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if dialect != SQLite && dialect != PostgreSQL {
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
	idType := "TEXT" // SQLite's default BINARY collation is byte-wise
	if dialect == PostgreSQL {
		idType = `TEXT COLLATE "C"`
	}
	s := &Store{db: db, dialect: dialect, writer: make(chan struct{}, 1),
		expander: strings.NewReplacer("{p}", c.prefix, "{id}", idType)}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Dialect returns the dialect s was created with.
func (s *Store) Dialect() Dialect { return s.dialect }

// expand fills in the table prefix and ID column type, and turns ?
// placeholders into $1, $2, ... for PostgreSQL. Queries are built by this
// package only and hold no ? inside literals.
func (s *Store) expand(stmt string) string {
	stmt = s.expander.Replace(stmt)
	if s.dialect != PostgreSQL {
		return stmt
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(stmt); i++ {
		if stmt[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(stmt[i])
	}
	return b.String()
}

// fail wraps err for the operation op; when ctx is done it wraps ctx.Err()
// instead, whatever the driver made of the cancellation.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, cerr)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// nanos returns t as Unix nanoseconds; times are validated to fit first.
func nanos(t time.Time) int64 { return t.UnixNano() }

// fromNanos is the inverse of nanos, in UTC.
func fromNanos(ns int64) time.Time { return time.Unix(0, ns).UTC() }
