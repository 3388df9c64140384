package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/engagekit/engage/internal/shareddata"
	"github.com/engagekit/engage/listening/sqlstore"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// postgresEnv names the environment variable holding the DSN of a
// PostgreSQL database the tests may create tables in.
const postgresEnv = "ENGAGE_POSTGRES_DSN"

// backends returns the databases the tests run against: SQLite and, when
// ENGAGE_POSTGRES_DSN is set (or the tests are strict, which requires
// it), PostgreSQL.
func backends() []string {
	bs := []string{"SQLite"}
	if os.Getenv(postgresEnv) != "" || shareddata.Strict() {
		bs = append(bs, "PostgreSQL")
	}
	return bs
}

// openSQLite opens a SQLite database in a new file under tb.TempDir, with
// WAL and a busy timeout.
func openSQLite(tb testing.TB) *sql.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "listening.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// postgres returns the database named by ENGAGE_POSTGRES_DSN, skipping
// the test when it is unset, or failing it under strict tests
// (ENGAGE_STRICT_TESTS=1).
func postgres(tb testing.TB) *sql.DB {
	tb.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		shareddata.Skip(tb, "set "+postgresEnv+" to a PostgreSQL DSN to run the PostgreSQL tests")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", postgresEnv, err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		tb.Fatalf("ping %s: %v", postgresEnv, err)
	}
	return db
}

// randomPrefix returns a table prefix no other test run uses.
func randomPrefix(tb testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	return "t" + hex.EncodeToString(b) + "_"
}

// dropTables drops the tables a Store made with prefix.
func dropTables(tb testing.TB, db *sql.DB, prefix string) {
	for _, table := range []string{"mentions", "cases", "schema_version"} {
		if _, err := db.Exec("DROP TABLE IF EXISTS " + prefix + table); err != nil {
			tb.Errorf("drop %s%s: %v", prefix, table, err)
		}
	}
}

// opener returns a new, empty Store and a function that empties it again.
type opener func(tb testing.TB) (*sqlstore.Store, func())

// eachBackend runs f as a parallel subtest for each backend, with an
// opener there: on SQLite in one new file per test, on PostgreSQL in one
// shared *sql.DB, each Store under a fresh table prefix whose tables are
// dropped when the test that opened it ends.
func eachBackend(t *testing.T, f func(t *testing.T, open opener)) {
	for _, name := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var (
				db      *sql.DB
				dialect = sqlstore.SQLite
			)
			if name == "PostgreSQL" {
				db, dialect = postgres(t), sqlstore.PostgreSQL
			} else {
				db = openSQLite(t)
			}
			f(t, func(tb testing.TB) (*sqlstore.Store, func()) {
				tb.Helper()
				prefix := randomPrefix(tb)
				if dialect == sqlstore.PostgreSQL {
					tb.Cleanup(func() { dropTables(tb, db, prefix) })
				}
				s, err := sqlstore.New(context.Background(), db, dialect, sqlstore.Options{TablePrefix: prefix})
				if err != nil {
					tb.Fatalf("New: %v", err)
				}
				return s, func() {
					for _, table := range []string{"mentions", "cases"} {
						if _, err := db.Exec("DELETE FROM " + prefix + table); err != nil {
							tb.Fatalf("empty %s%s: %v", prefix, table, err)
						}
					}
				}
			})
		})
	}
}
