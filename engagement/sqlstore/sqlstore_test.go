package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/engagement/storetest"
	"github.com/engagekit/engage/internal/shareddata"
	"github.com/shopspring/decimal"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// postgresEnv names the environment variable holding the DSN of a
// PostgreSQL database the tests may create tables in.
const postgresEnv = "ENGAGE_POSTGRES_DSN"

// sqliteDSN returns the DSN of a SQLite file at path with the settings the
// package documentation recommends.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// openSQLite opens a SQLite database in a new file under tb.TempDir.
func openSQLite(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "engage.db")
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, path
}

// newSQLite returns an empty Store in a new SQLite file.
func newSQLite(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	db, _ := openSQLite(tb)
	s, err := sqlstore.New(context.Background(), db, sqlstore.SQLite)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) engagement.Store { return newSQLite(t) })
}

func TestSQLiteTestStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	n := 0
	err := storetest.TestStore(func() (engagement.Store, error) {
		n++
		db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(dir, "s"+hex.EncodeToString([]byte{byte(n)})+".db")))
		if err != nil {
			return nil, err
		}
		t.Cleanup(func() { db.Close() })
		return sqlstore.New(context.Background(), db, sqlstore.SQLite)
	})
	if err != nil {
		t.Error(err)
	}
}

// postgres returns the database named by ENGAGE_POSTGRES_DSN, skipping
// the test when the variable is unset, or failing it under strict tests
// (ENGAGE_STRICT_TESTS=1, see shareddata.Strict).
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

// newPostgres returns an empty Store in db under a fresh table prefix,
// whose tables are dropped when tb ends.
func newPostgres(tb testing.TB, db *sql.DB) *sqlstore.Store {
	tb.Helper()
	prefix := randomPrefix(tb)
	tb.Cleanup(func() { dropTables(tb, db, prefix) })
	s, err := sqlstore.New(context.Background(), db, sqlstore.PostgreSQL, sqlstore.Options{TablePrefix: prefix})
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
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
	for _, table := range []string{"interactions", "customers", "aliases", "merges", "consents", "states", "checkpoints", "leases", "schema_version"} {
		if _, err := db.Exec("DROP TABLE IF EXISTS " + prefix + table); err != nil {
			tb.Errorf("drop %s%s: %v", prefix, table, err)
		}
	}
}

func TestPostgreSQL(t *testing.T) {
	t.Parallel()
	db := postgres(t)
	storetest.Run(t, func(t *testing.T) engagement.Store { return newPostgres(t, db) })
}

func TestNewRejectsBadConfig(t *testing.T) {
	db, _ := openSQLite(t)
	ctx := context.Background()
	for _, prefix := range []string{"", "A", "1x", "x-y", "x;drop table t", "abcdefghijklmnopqrstuvwxyz0123456"} {
		if prefix != "" { // the zero Options means no prefix
			if _, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.Options{TablePrefix: prefix}); err == nil {
				t.Errorf("New with table prefix %q: got nil error, want one", prefix)
			}
		}
		if _, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.WithTablePrefix(prefix)); err == nil {
			t.Errorf("New with the deprecated WithTablePrefix(%q): got nil error, want one", prefix)
		}
	}
	if _, err := sqlstore.New(ctx, db, sqlstore.Dialect(0)); err == nil {
		t.Error("New with the zero Dialect: got nil error, want one")
	}
	if _, err := sqlstore.New(ctx, nil, sqlstore.SQLite); err == nil {
		t.Error("New with a nil db: got nil error, want one")
	}
}

func TestTablePrefixesKeepStoresApart(t *testing.T) {
	db, _ := openSQLite(t)
	ctx := context.Background()
	a, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.Options{TablePrefix: "a_"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.Options{TablePrefix: "b_"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.PutCustomers(ctx, engagement.Customer{ID: "c1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Customer(ctx, "c1"); !errors.Is(err, engagement.ErrNotFound) {
		t.Errorf("b.Customer(c1) after a.PutCustomers: got error %v, want ErrNotFound", err)
	}
}

// testSchemaTooNew checks that New refuses a schema newer than it knows
// and leaves it alone.
func testSchemaTooNew(t *testing.T, db *sql.DB, dialect sqlstore.Dialect, prefix string) {
	ctx := context.Background()
	if _, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix}); err != nil {
		t.Fatalf("New: %v", err)
	}
	// A New on a current schema changes nothing.
	if _, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix}); err != nil {
		t.Fatalf("New on a current schema: %v", err)
	}
	q := "INSERT INTO " + prefix + "schema_version (version, applied_ns) VALUES (" +
		map[sqlstore.Dialect]string{sqlstore.SQLite: "?, ?", sqlstore.PostgreSQL: "$1, $2"}[dialect] + ")"
	if _, err := db.ExecContext(ctx, q, sqlstore.SchemaVersion+1, 0); err != nil {
		t.Fatalf("insert a newer schema version: %v", err)
	}
	_, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix})
	if !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Fatalf("New on schema version %d: got error %v, want ErrSchemaTooNew", sqlstore.SchemaVersion+1, err)
	}
	var v int
	if err := db.QueryRowContext(ctx, "SELECT MAX(version) FROM "+prefix+"schema_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != sqlstore.SchemaVersion+1 {
		t.Errorf("schema version after the refused New: got %d, want %d", v, sqlstore.SchemaVersion+1)
	}
}

func TestSchemaTooNewSQLite(t *testing.T) {
	db, _ := openSQLite(t)
	testSchemaTooNew(t, db, sqlstore.SQLite, "m_")
}

func TestSchemaTooNewPostgreSQL(t *testing.T) {
	db := postgres(t)
	prefix := randomPrefix(t)
	t.Cleanup(func() { dropTables(t, db, prefix) })
	testSchemaTooNew(t, db, sqlstore.PostgreSQL, prefix)
}

func TestStoresExactValues(t *testing.T) {
	db, _ := openSQLite(t)
	ctx := context.Background()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	in := engagement.Interaction{ID: "o-1", Customer: "ada", Time: at, Kind: engagement.Purchase, Amount: decimal.RequireFromString("0.10000000000000000001")}
	if err := s.Append(ctx, in); err != nil {
		t.Fatal(err)
	}
	var (
		amount string
		ns     int64
	)
	if err := db.QueryRowContext(ctx, "SELECT amount, time_ns FROM interactions WHERE id = 'o-1'").Scan(&amount, &ns); err != nil {
		t.Fatal(err)
	}
	if want := "0.10000000000000000001"; amount != want {
		t.Errorf("stored amount: got %q, want %q", amount, want)
	}
	if want := at.UnixNano(); ns != want {
		t.Errorf("stored time: got %d ns, want %d", ns, want)
	}
	for got, err := range s.Interactions(ctx, engagement.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(in) || got.Time.Location() != time.UTC || got.Time.Nanosecond() != 123456789 {
			t.Errorf("read back %+v, want %+v in UTC", got, in)
		}
	}
}
