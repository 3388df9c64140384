package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrSchemaTooNew is returned by [New] when the database holds a schema
// version later than this package knows.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this package")

// SchemaVersion is the schema version this package creates and knows.
const SchemaVersion = 1

// schemaSteps returns the schema changes in order: element v-1 takes the
// schema to version v. Released steps are only ever appended to.
func schemaSteps() [][]string {
	return [][]string{
		// Version 1: mentions with their sentiment, and cases. seq is the
		// order mentions were first written in, which Fetch reads by.
		{
			`CREATE TABLE {p}mentions (
				source {id} NOT NULL,
				id {id} NOT NULL,
				seq BIGINT NOT NULL UNIQUE,
				author TEXT NOT NULL,
				time_ns BIGINT NOT NULL,
				text TEXT NOT NULL,
				url TEXT NOT NULL,
				customer {id} NOT NULL,
				topics TEXT NOT NULL,
				scored INTEGER NOT NULL,
				score DOUBLE PRECISION NOT NULL,
				sentiment TEXT NOT NULL,
				negative INTEGER NOT NULL,
				PRIMARY KEY (source, id)
			)`,
			`CREATE INDEX {p}mentions_time ON {p}mentions (time_ns, id, source)`,
			`CREATE TABLE {p}cases (
				id {id} NOT NULL PRIMARY KEY,
				mention_source {id} NOT NULL,
				mention_id {id} NOT NULL,
				severity INTEGER NOT NULL,
				opened_ns BIGINT NOT NULL,
				due_ns BIGINT NOT NULL,
				closed_ns BIGINT,
				step TEXT NOT NULL,
				assignee TEXT NOT NULL,
				mention TEXT NOT NULL,
				sentiment TEXT NOT NULL,
				path TEXT NOT NULL
			)`,
			`CREATE INDEX {p}cases_opened ON {p}cases (opened_ns, id)`,
		},
	}
}

// migrate brings the schema up to SchemaVersion, one transaction per
// version, and fails with ErrSchemaTooNew if the database is ahead.
func (s *Store) migrate(ctx context.Context) error {
	create := s.expand(`CREATE TABLE IF NOT EXISTS {p}schema_version (
		version INTEGER NOT NULL PRIMARY KEY,
		applied_ns BIGINT NOT NULL
	)`)
	if _, err := s.db.ExecContext(ctx, create); err != nil {
		return s.fail(ctx, "create schema_version", err)
	}
	steps := schemaSteps()
	for {
		done := false
		err := s.write(ctx, "migrate", "schema_version", func(tx *sql.Tx) error {
			var v sql.NullInt64
			if err := tx.QueryRowContext(ctx, s.expand(`SELECT MAX(version) FROM {p}schema_version`)).Scan(&v); err != nil {
				return s.fail(ctx, "read schema version", err)
			}
			cur := int(v.Int64)
			switch {
			case cur > len(steps):
				return fmt.Errorf("sqlstore: schema version %d, this package knows up to %d: %w", cur, len(steps), ErrSchemaTooNew)
			case cur == len(steps):
				done = true
				return nil
			}
			for _, stmt := range steps[cur] {
				if _, err := tx.ExecContext(ctx, s.expand(stmt)); err != nil {
					return s.fail(ctx, fmt.Sprintf("migrate to version %d", cur+1), err)
				}
			}
			// The time applied is a record for people, not an input to
			// any model.
			ins := s.expand(`INSERT INTO {p}schema_version (version, applied_ns) VALUES (?, ?)`)
			if _, err := tx.ExecContext(ctx, ins, cur+1, time.Now().UnixNano()); err != nil {
				return s.fail(ctx, fmt.Sprintf("migrate to version %d", cur+1), err)
			}
			return nil
		})
		if err != nil || done {
			return err
		}
	}
}
