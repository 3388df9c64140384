package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrSchemaTooNew is returned by [New] when the database holds a schema
// version later than this package knows: it was written by a newer
// release, and an older one must not use or downgrade it.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this package")

// schemaSteps returns the schema changes, in order: element v-1 takes the
// schema to version v. Released steps are never edited, only appended to.
// In each statement {p} stands for the table prefix and {id} for the
// dialect's byte-wise text type. It is a function, not a variable, so that
// the package holds no mutable state.
func schemaSteps() [][]string {
	return [][]string{
		// Version 1: customers and interactions.
		{
			`CREATE TABLE {p}customers (
				id {id} NOT NULL PRIMARY KEY,
				name TEXT NOT NULL,
				grp INTEGER NOT NULL,
				consent INTEGER NOT NULL,
				attributes TEXT NOT NULL
			)`,
			`CREATE TABLE {p}interactions (
				id {id} NOT NULL PRIMARY KEY,
				customer {id} NOT NULL,
				time_ns BIGINT NOT NULL,
				kind TEXT NOT NULL,
				touchpoint TEXT NOT NULL,
				amount TEXT NOT NULL,
				rating_scale INTEGER NOT NULL,
				rating_value INTEGER NOT NULL
			)`,
			`CREATE INDEX {p}interactions_order ON {p}interactions (customer, time_ns, id)`,
		},
		// Version 2: properties on interactions, accounts and traits on
		// customers, aliases and the merges that made them, consent
		// records.
		{
			`ALTER TABLE {p}interactions ADD COLUMN properties TEXT NOT NULL DEFAULT '{}'`,
			`ALTER TABLE {p}customers ADD COLUMN account TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE {p}customers ADD COLUMN traits TEXT NOT NULL DEFAULT '{}'`,
			// An alias points straight at the customer it stands for, never
			// at another alias, so resolving is one lookup.
			`CREATE TABLE {p}aliases (
				from_id {id} NOT NULL PRIMARY KEY,
				into_id {id} NOT NULL
			)`,
			`CREATE INDEX {p}aliases_into ON {p}aliases (into_id)`,
			// Each alias was made by one merge, so from_id is a key.
			`CREATE TABLE {p}merges (
				from_id {id} NOT NULL PRIMARY KEY,
				into_id {id} NOT NULL,
				time_ns BIGINT NOT NULL,
				reason TEXT NOT NULL
			)`,
			`CREATE INDEX {p}merges_into ON {p}merges (into_id)`,
			// expires_ns is -2^63 for a grant that does not expire (no valid
			// time maps there). The key holds source_hash, the SHA-256 of
			// source in hex, not source itself, which may be longer than
			// an index entry can be.
			`CREATE TABLE {p}consents (
				customer {id} NOT NULL,
				purpose {id} NOT NULL,
				channel {id} NOT NULL,
				state INTEGER NOT NULL,
				time_ns BIGINT NOT NULL,
				expires_ns BIGINT NOT NULL,
				source TEXT NOT NULL,
				source_hash TEXT NOT NULL,
				CONSTRAINT {p}consents_key UNIQUE (customer, purpose, channel, state, time_ns, expires_ns, source_hash)
			)`,
		},
		// Version 3: state records, checkpoints and leases. The primary
		// key of states, (customer, time_ns), is also the index that
		// States and LatestStates read by.
		{
			`CREATE TABLE {p}states (
				customer {id} NOT NULL,
				time_ns BIGINT NOT NULL,
				stage TEXT NOT NULL,
				band TEXT NOT NULL,
				score DOUBLE PRECISION NOT NULL,
				PRIMARY KEY (customer, time_ns)
			)`,
			`CREATE TABLE {p}checkpoints (
				customer {id} NOT NULL,
				name {id} NOT NULL,
				value {blob} NOT NULL,
				version BIGINT NOT NULL,
				saved_ns BIGINT NOT NULL,
				PRIMARY KEY (customer, name)
			)`,
			`CREATE TABLE {p}leases (
				name {id} NOT NULL PRIMARY KEY,
				holder TEXT NOT NULL,
				expires_ns BIGINT NOT NULL
			)`,
		},
	}
}

// SchemaVersion is the schema version this package creates and knows.
const SchemaVersion = 3

// migrate brings the schema up to SchemaVersion, one transaction per
// version, and fails with ErrSchemaTooNew if the database is ahead.
func (s *Store) migrate(ctx context.Context) error {
	steps := schemaSteps()
	create := s.expand(`CREATE TABLE IF NOT EXISTS {p}schema_version (
		version INTEGER NOT NULL PRIMARY KEY,
		applied_ns BIGINT NOT NULL
	)`)
	if _, err := s.db.ExecContext(ctx, create); err != nil {
		return s.fail(ctx, "create schema_version", err)
	}
	for {
		done, err := s.migrateOne(ctx, steps)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, in a transaction, and
// reports whether the schema was already current.
func (s *Store) migrateOne(ctx context.Context, steps [][]string) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.fail(ctx, "migrate", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	// Take the write lock first, so that two processes opening the same
	// database at once migrate one after the other.
	if s.dialect == PostgreSQL {
		if _, err := tx.ExecContext(ctx, s.expand(`LOCK TABLE {p}schema_version IN SHARE ROW EXCLUSIVE MODE`)); err != nil {
			return false, s.fail(ctx, "migrate", err)
		}
	} else if err := s.lockSQLite(ctx, tx); err != nil {
		return false, err
	}
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, s.expand(`SELECT MAX(version) FROM {p}schema_version`)).Scan(&v); err != nil {
		return false, s.fail(ctx, "read schema version", err)
	}
	cur := int(v.Int64)
	switch {
	case cur > len(steps):
		return false, fmt.Errorf("sqlstore: schema version %d, this package knows up to %d: %w", cur, len(steps), ErrSchemaTooNew)
	case cur == len(steps):
		return true, tx.Rollback()
	}
	for _, stmt := range steps[cur] {
		if _, err := tx.ExecContext(ctx, s.expand(stmt)); err != nil {
			return false, s.fail(ctx, fmt.Sprintf("migrate to version %d", cur+1), err)
		}
	}
	ins := s.dialect.rebind(s.expand(`INSERT INTO {p}schema_version (version, applied_ns) VALUES (?, ?)`))
	if _, err := tx.ExecContext(ctx, ins, cur+1, s.now().UnixNano()); err != nil {
		return false, s.fail(ctx, fmt.Sprintf("migrate to version %d", cur+1), err)
	}
	if err := tx.Commit(); err != nil {
		return false, s.fail(ctx, fmt.Sprintf("migrate to version %d", cur+1), err)
	}
	return false, nil
}

// lockSQLite takes SQLite's write lock as the first statement of tx, with
// a write that changes nothing, so that the transaction never has to
// upgrade a read snapshot to a write (which SQLite refuses with
// SQLITE_BUSY at once, busy timeout or not, when another writer got in
// between).
func (s *Store) lockSQLite(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, s.expand(`DELETE FROM {p}schema_version WHERE version < 0`)); err != nil {
		return s.fail(ctx, "lock", err)
	}
	return nil
}

// expand fills in the table prefix and the ID and byte string column
// types.
func (s *Store) expand(stmt string) string {
	return s.expander.Replace(stmt)
}
