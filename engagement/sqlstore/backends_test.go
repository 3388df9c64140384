package sqlstore_test

import (
	"os"
	"testing"

	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/internal/shareddata"
)

// backends returns the names of the databases the tests run against:
// SQLite and, when ENGAGE_POSTGRES_DSN is set (or the tests are strict,
// ENGAGE_STRICT_TESTS=1, which requires it), PostgreSQL.
func backends() []string {
	bs := []string{"SQLite"}
	if os.Getenv(postgresEnv) != "" || shareddata.Strict() {
		bs = append(bs, "PostgreSQL")
	}
	return bs
}

// eachBackend runs f as a parallel subtest of t for each backend, with a
// function that returns a new, empty Store there. On PostgreSQL the stores
// share one *sql.DB, each under its own table prefix, dropped when the
// test that opened it ends.
func eachBackend(t *testing.T, f func(t *testing.T, open func(tb testing.TB) *sqlstore.Store)) {
	for _, name := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			open := func(tb testing.TB) *sqlstore.Store { return newSQLite(tb) }
			if name == "PostgreSQL" {
				db := postgres(t)
				open = func(tb testing.TB) *sqlstore.Store { return newPostgres(tb, db) }
			}
			f(t, open)
		})
	}
}
