package sqlstore

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect names the SQL database a [Store] talks to. The zero Dialect is
// not valid; pass [SQLite] or [PostgreSQL] to [New].
type Dialect uint8

// The supported dialects.
const (
	// SQLite is SQLite 3.24 or later, through any database/sql driver
	// (tests use modernc.org/sqlite, registered as "sqlite").
	SQLite Dialect = iota + 1
	// PostgreSQL is PostgreSQL 12 or later, through any database/sql driver
	// (tests use github.com/jackc/pgx/v5/stdlib, registered as "pgx"). The
	// SQL kept to what PostgreSQL shares with the engines that speak its
	// protocol.
	PostgreSQL
)

// String returns "sqlite", "postgresql", or Dialect(n) for an unknown one.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case PostgreSQL:
		return "postgresql"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// valid reports whether d is a known dialect.
func (d Dialect) valid() bool { return d == SQLite || d == PostgreSQL }

// idType is the column type of an ID: text compared byte-wise.
func (d Dialect) idType() string {
	if d == PostgreSQL {
		return `TEXT COLLATE "C"`
	}
	return "TEXT" // SQLite's default BINARY collation is byte-wise
}

// blobType is the column type of a byte string.
func (d Dialect) blobType() string {
	if d == PostgreSQL {
		return "BYTEA"
	}
	return "BLOB"
}

// maxParams returns how many bind parameters one statement of d should
// carry. For PostgreSQL it is large, well below the limit of 65535, to
// save round trips. For SQLite, which has no round trips to save, it is
// small: binding costs grow with the square of the parameters in some
// drivers (modernc.org/sqlite among them).
func (d Dialect) maxParams() int {
	if d == PostgreSQL {
		return 4000
	}
	return 128
}

// rebind turns the ? placeholders of query into d's form: $1, $2, ... for
// PostgreSQL. Queries are built by this package only and hold no ? inside
// literals.
func (d Dialect) rebind(query string) string {
	if d != PostgreSQL || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + len(query)/4)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// placeholders returns rows groups of cols placeholders, "(?,?),(?,?)".
func placeholders(rows, cols int) string {
	group := "(" + strings.Repeat("?,", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(group) + 1))
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(group)
	}
	return b.String()
}
