// Package sqlstore keeps customers and interactions in a SQL database: an
// [engagement.Store] over database/sql for SQLite (embedded, one file) and
// PostgreSQL (a server, or an engine that speaks its protocol).
//
// The caller opens the *sql.DB with the driver of their choice and passes
// it to [New] with its [Dialect]; this package registers no driver and
// imports none. [New] creates the tables, or migrates them, from the
// versioned schema built into the package, recorded in a schema_version
// table; a database whose schema is newer than the package knows is
// refused with [ErrSchemaTooNew]. [Options].TablePrefix lets several stores
// share a database.
//
// # Usage
//
// With modernc.org/sqlite (pure Go, driver name "sqlite"):
//
//	db, err := sql.Open("sqlite", "file:engage.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
//	...
//	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
//
// With github.com/jackc/pgx/v5/stdlib (driver name "pgx"):
//
//	db, err := sql.Open("pgx", "postgres://user@host:5432/db")
//	...
//	s, err := sqlstore.New(ctx, db, sqlstore.PostgreSQL)
//
// # SQLite settings
//
// SQLite pragmas are per connection, and database/sql keeps a pool, so set
// them in the DSN, which the driver applies to every connection it opens
// (with modernc.org/sqlite, one _pragma parameter each):
//
//   - journal_mode(WAL): readers and the one writer don't block each other
//     (the setting is kept in the file once made);
//   - busy_timeout(N): a writer waits up to N milliseconds for another
//     writer instead of failing at once with "database is locked"; 5000 or
//     more is sensible;
//   - synchronous(NORMAL) is safe with WAL against process crashes (a
//     power cut may lose the last transactions, never corrupt the file);
//     keep the default FULL if the last commits must survive power loss.
//
// Every writing transaction of this package takes SQLite's write lock with
// its first statement, so concurrent writers wait for the busy timeout
// rather than fail; should SQLite still report busy, the transaction is
// retried a few times. With these settings the pool may hold many
// connections. Do not use an in-memory database (":memory:") with a pool
// of more than one connection: each connection would get its own
// database; call db.SetMaxOpenConns(1) for one, which serialises every
// call.
//
// # Storage
//
// Times are stored as int64 nanoseconds since 1970 (BIGINT), so every
// nanosecond survives (PostgreSQL's timestamptz keeps microseconds), and
// come back in UTC. Amounts are stored exactly as decimal text, never as
// floating point. Attributes, interaction properties and customer traits
// are JSON objects in text columns, values in their JSON forms
// ([engagement.Value.MarshalJSON]: numbers exactly, with their scale). IDs are
// ordered byte-wise: SQLite's default BINARY collation does so, and in
// PostgreSQL the ID columns are declared COLLATE "C". Every value reaches
// the database as a bind parameter; the only text written into SQL is the
// table prefix, which is validated.
//
// # Identities, consent and erasure
//
// A Store is also an [engagement.IdentityStore], an
// [engagement.ConsentStore] and an [engagement.Eraser]. Merges keep an
// aliases table pointing every merged-away ID straight at the customer it
// stands for, so resolving an ID is one indexed lookup, done inside the
// query of every read and the transaction of every write. Consent records
// are kept once each, by a unique key over all their fields.
//
// # History, checkpoints and leases
//
// A Store is also an [engagement.HistoryStore], an
// [engagement.CheckpointStore] and an [engagement.Leaser]. State records
// are rows keyed by customer and nanosecond, scores in double precision;
// [Store.LatestStates] is one query. A checkpoint is saved by one
// conditional statement, an insert for version 0 or an update where the
// stored version matches, so of two saves from one version exactly one
// succeeds. A lease is a row holding a random token and an expiry by the
// taking process's clock: taking it is one statement that inserts the row
// or takes over an expired one, and a waiting [Store.Lease] tries again
// every few milliseconds (2 ms, doubling to 50 ms), so leases hold across
// processes sharing the database as long as their clocks agree to well
// within the lease's time to live.
//
// # Concurrency
//
// Every write is one transaction that takes its locks in one order: on
// PostgreSQL first a lock on the aliases table (shared by appends,
// customer writes and consent records; exclusive for merges and
// erasures, which so run alone), then row locks in ascending key order,
// as each batch is sorted before it is written. Should the database still
// abort a transaction for contention (SQLSTATE 40001 or 40P01, or SQLite
// busy), it is retried a bounded number of times with a short backoff
// that honours the context.
//
// # Reading
//
// [Store.Interactions] and [Store.Customers] run one query and read the
// rows they select into memory before yielding the first, so they see one
// consistent state of the database, never part of a batch, and hold no
// connection while the loop body runs: the body may call the store. Their
// memory grows with what they select; narrow a [engagement.Query] to bound
// it.
package sqlstore
