// Package sqlstore keeps listening mentions, their sentiment and response
// cases in a SQL database reached through database/sql: SQLite or
// PostgreSQL, as [github.com/engagekit/engage/engagement/sqlstore] does for
// customers and interactions, with the same conventions: versioned
// migrations recorded in a schema_version table, an optional table prefix,
// IDs compared byte-wise, one writer at a time on SQLite, and write
// transactions retried a bounded number of times when the database aborts
// them for contention.
//
// Mentions are keyed by source and ID (a mention's ID is unique within its
// source), cases by case ID. Writes are all or nothing and idempotent:
// writing what is stored again changes nothing, and writing other content
// under a stored key fails with an error matching [engagement.ErrConflict].
// A [Store] is also a [listening.Source] that yields the stored mentions in
// the order they were first written, so that they can be replayed into a
// [listening.Centre].
//
// Times are stored as Unix nanoseconds and read back in UTC; an empty
// Topics list is read back as nil. Text that is not valid UTF-8 or holds a
// NUL byte, which SQL text columns cannot keep exactly, is refused with a
// *[listening.FieldError].
package sqlstore
