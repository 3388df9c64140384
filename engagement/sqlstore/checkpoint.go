package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
)

var _ engagement.CheckpointStore = (*Store)(nil)

// LoadCheckpoint returns the checkpoint of the customer id stands for
// (resolving an alias) and name, as [engagement.CheckpointStore] says,
// with Customer the resolved ID, or one with Version 0 and no Value when
// none was saved. An empty Value comes back nil. An empty or malformed
// customer or name is an error wrapping a *[engagement.FieldError].
func (s *Store) LoadCheckpoint(ctx context.Context, id engagement.CustomerID, name string) (engagement.Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return engagement.Checkpoint{}, fmt.Errorf("sqlstore: load checkpoint: %w", err)
	}
	// Validate checks the key; the time only fills the field it needs.
	if err := (engagement.Checkpoint{Customer: id, Name: name, Saved: time.Unix(0, 0)}).Validate(); err != nil {
		return engagement.Checkpoint{}, fmt.Errorf("sqlstore: load checkpoint %q of %q: %w", name, id, err)
	}
	q := s.dialect.rebind(s.expand(`SELECT r.id, c.value, c.version, c.saved_ns
		FROM (SELECT ` + resolveSQL + ` AS id) r LEFT JOIN {p}checkpoints c ON c.customer = r.id AND c.name = ?`))
	var (
		canon   string
		value   []byte
		version sql.NullInt64
		savedNs sql.NullInt64
	)
	if err := s.queryRow(ctx, q, string(id), string(id), name).Scan(&canon, &value, &version, &savedNs); err != nil {
		return engagement.Checkpoint{}, s.fail(ctx, fmt.Sprintf("load checkpoint %q of %q", name, id), err)
	}
	c := engagement.Checkpoint{Customer: engagement.CustomerID(canon), Name: name}
	if version.Valid {
		c.Version, c.Saved = version.Int64, time.Unix(0, savedNs.Int64).UTC()
		if len(value) > 0 {
			c.Value = value
		}
	}
	return c, nil
}

// SaveCheckpoint stores c.Value as the next version of the checkpoint of
// the customer c.Customer stands for and c.Name, provided the stored
// version is still c.Version, as [engagement.CheckpointStore] says: one
// conditional statement (an insert when c.Version is 0, an update where
// the version matches otherwise) in one transaction, so of two saves from
// the same version exactly one succeeds, and the other fails with an
// error matching [engagement.ErrConflict] and changes nothing. It returns
// the checkpoint as stored: the customer resolved, Version one more,
// Saved in UTC, an empty Value nil.
func (s *Store) SaveCheckpoint(ctx context.Context, c engagement.Checkpoint) (engagement.Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return engagement.Checkpoint{}, fmt.Errorf("sqlstore: save checkpoint: %w", err)
	}
	if err := c.Validate(); err != nil {
		return engagement.Checkpoint{}, fmt.Errorf("sqlstore: save checkpoint %q of %q: %w", c.Name, c.Customer, err)
	}
	out := engagement.Checkpoint{Customer: c.Customer, Name: c.Name, Version: c.Version + 1, Saved: c.Saved.UTC().Round(0)}
	value := []byte{} // never NULL
	if len(c.Value) > 0 {
		value = append(value, c.Value...)
		out.Value = value
	}
	err := s.write(ctx, "save checkpoint", lockResolve, func(tx *sql.Tx) error {
		const op = "save checkpoint"
		canon, err := s.resolveOne(ctx, tx, op, c.Customer)
		if err != nil {
			return err
		}
		var (
			q    string
			args []any
		)
		if c.Version == 0 {
			q = `INSERT INTO {p}checkpoints (customer, name, value, version, saved_ns) VALUES (?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`
			args = []any{string(canon), c.Name, value, out.Saved.UnixNano()}
		} else {
			q = `UPDATE {p}checkpoints SET value = ?, version = version + 1, saved_ns = ? WHERE customer = ? AND name = ? AND version = ?`
			args = []any{value, out.Saved.UnixNano(), string(canon), c.Name, c.Version}
		}
		res, err := tx.ExecContext(ctx, s.dialect.rebind(s.expand(q)), args...)
		if err != nil {
			return s.fail(ctx, op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s.fail(ctx, op, err)
		}
		if n == 0 {
			return fmt.Errorf("sqlstore: save checkpoint %q of %q: the stored version is not %d: %w", c.Name, canon, c.Version, engagement.ErrConflict)
		}
		out.Customer = canon
		return nil
	})
	if err != nil {
		return engagement.Checkpoint{}, err
	}
	return out, nil
}
