package sqlstore_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/engagement/storetest"
	"github.com/shopspring/decimal"
)

func BenchmarkSQLite(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) engagement.Store { return newSQLite(b) })
}

func BenchmarkPostgreSQL(b *testing.B) {
	db := postgres(b)
	storetest.Benchmark(b, func(b *testing.B) engagement.Store { return newPostgres(b, db) })
}

// BenchmarkSQLiteBaseline measures what Append is held against: batches of
// 1,000 rows of the same shape written with plain multi-row INSERTs (128
// parameters per statement, as Append uses) in one transaction, with no
// idempotency check, through the same driver and settings.
func BenchmarkSQLiteBaseline(b *testing.B) {
	db, _ := openSQLite(b)
	if _, err := sqlstore.New(context.Background(), db, sqlstore.SQLite); err != nil {
		b.Fatal(err)
	}
	benchBaseline(b, db, "?")
}

// BenchmarkPostgreSQLBaseline is BenchmarkSQLiteBaseline on PostgreSQL,
// with up to 4,000 parameters per statement, as Append uses.
func BenchmarkPostgreSQLBaseline(b *testing.B) {
	db := postgres(b)
	prefix := randomPrefix(b)
	b.Cleanup(func() { dropTables(b, db, prefix) })
	if _, err := sqlstore.New(context.Background(), db, sqlstore.PostgreSQL, sqlstore.Options{TablePrefix: prefix}); err != nil {
		b.Fatal(err)
	}
	benchBaseline(b, db, prefix)
}

// benchBaseline inserts batches of 1,000 rows into the interactions table
// of the store with the given prefix ("?" meaning none, on SQLite).
func benchBaseline(b *testing.B, db *sql.DB, prefix string) {
	ctx := context.Background()
	const batch, cols = 1000, 8
	rowsPer, pg := 16, prefix != "?"
	if pg {
		rowsPer = 500
	} else {
		prefix = ""
	}
	var q strings.Builder
	q.WriteString("INSERT INTO " + prefix + "interactions (id, customer, time_ns, kind, touchpoint, amount, rating_scale, rating_value) VALUES ")
	p := 0
	for r := range rowsPer {
		if r > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range cols {
			if c > 0 {
				q.WriteByte(',')
			}
			p++
			if pg {
				q.WriteString("$" + strconv.Itoa(p))
			} else {
				q.WriteByte('?')
			}
		}
		q.WriteByte(')')
	}
	n := 0
	args := make([]any, 0, rowsPer*cols)
	b.ReportAllocs()
	for b.Loop() {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, q.String())
		if err != nil {
			b.Fatal(err)
		}
		for range batch / rowsPer {
			args = args[:0]
			for range rowsPer {
				args = append(args, "e"+strconv.Itoa(n), "c"+strconv.Itoa(n%100), int64(n), "purchase", "web",
					decimal.New(int64(n%10_000), -2).String(), int64(0), int64(0))
				n++
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
