package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/engagekit/engage/engagement"
)

// customerCols is how many columns a customers row has.
const customerCols = 5

// PutCustomers inserts or replaces customers by ID, all or nothing, in one
// transaction. If any customer fails [engagement.Customer.Validate] it
// returns an error wrapping that *[engagement.FieldError], which names the
// customer's place in cs, and stores none. When an ID appears twice in cs
// the later customer wins. Attributes are stored as a JSON object.
func (s *Store) PutCustomers(ctx context.Context, cs ...engagement.Customer) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: put customers: %w", err)
	}
	// Validate everything, and keep only the last customer of each ID
	// (one statement may not touch a row twice).
	last := make(map[engagement.CustomerID]int, len(cs))
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("sqlstore: customer %d (id %q): %w", i, c.ID, err)
		}
		last[c.ID] = i
	}
	args := make([]any, 0, len(last)*customerCols)
	for i, c := range cs {
		if last[c.ID] != i {
			continue
		}
		attrs := []byte("{}")
		if len(c.Attributes) > 0 {
			var err error
			if attrs, err = json.Marshal(c.Attributes); err != nil {
				return fmt.Errorf("sqlstore: customer %d (id %q): attributes: %v", i, c.ID, err)
			}
		}
		args = append(args, string(c.ID), c.Name, int64(c.Group), int64(c.Consent), string(attrs))
	}
	if len(args) == 0 {
		return nil
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, "put customers", err)
	}
	defer tx.Rollback()
	rowsPer := s.dialect.maxParams() / customerCols
	for len(args) > 0 {
		n := min(len(args)/customerCols, rowsPer)
		q := s.expand(`INSERT INTO {p}customers (id, name, grp, consent, attributes) VALUES `) +
			placeholders(n, customerCols) +
			` ON CONFLICT (id) DO UPDATE SET name = excluded.name, grp = excluded.grp, consent = excluded.consent, attributes = excluded.attributes`
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args[:n*customerCols]...); err != nil {
			return s.fail(ctx, "put customers", err)
		}
		args = args[n*customerCols:]
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, "put customers", err)
	}
	return nil
}

// Customer returns the customer with the given ID, or an error wrapping
// [engagement.ErrNotFound] that names the ID.
func (s *Store) Customer(ctx context.Context, id engagement.CustomerID) (engagement.Customer, error) {
	if err := ctx.Err(); err != nil {
		return engagement.Customer{}, fmt.Errorf("sqlstore: customer %q: %w", id, err)
	}
	q := s.dialect.rebind(s.expand(`SELECT id, name, grp, consent, attributes FROM {p}customers WHERE id = ?`))
	c, err := scanCustomer(s.db.QueryRowContext(ctx, q, string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return engagement.Customer{}, fmt.Errorf("sqlstore: customer %q: %w", id, engagement.ErrNotFound)
	}
	if err != nil {
		return engagement.Customer{}, s.fail(ctx, fmt.Sprintf("customer %q", id), err)
	}
	return c, nil
}

// Customers yields every stored customer in ascending byte-wise order of
// ID. It reads them all with one query, into memory, before yielding the
// first, so it sees one consistent state of the database and holds no
// connection while the loop body runs (which may call the store); memory
// grows with the number of customers. Once ctx is done it yields an error
// wrapping ctx.Err() and stops.
func (s *Store) Customers(ctx context.Context) iter.Seq2[engagement.Customer, error] {
	return func(yield func(engagement.Customer, error) bool) {
		cs, err := s.readCustomers(ctx)
		if err != nil {
			yield(engagement.Customer{}, err)
			return
		}
		ch := ctx.Done()
		for _, c := range cs {
			if done(ch) {
				yield(engagement.Customer{}, fmt.Errorf("sqlstore: customers: %w", ctx.Err()))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// readCustomers reads every customer, in order of ID.
func (s *Store) readCustomers(ctx context.Context) ([]engagement.Customer, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: customers: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.expand(`SELECT id, name, grp, consent, attributes FROM {p}customers ORDER BY id`))
	if err != nil {
		return nil, s.fail(ctx, "customers", err)
	}
	defer rows.Close()
	var cs []engagement.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, s.fail(ctx, "customers", err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "customers", err)
	}
	return cs, nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// scanCustomer reads one customers row.
func scanCustomer(r scanner) (engagement.Customer, error) {
	var (
		c              engagement.Customer
		id, attrs      string
		group, consent int64
	)
	if err := r.Scan(&id, &c.Name, &group, &consent, &attrs); err != nil {
		return engagement.Customer{}, err
	}
	c.ID = engagement.CustomerID(id)
	c.Group = engagement.Group(group)
	c.Consent = engagement.Consent(consent)
	if attrs != "" && attrs != "{}" {
		if err := json.Unmarshal([]byte(attrs), &c.Attributes); err != nil {
			return engagement.Customer{}, fmt.Errorf("customer %q: attributes: %v", id, err)
		}
	}
	return c, nil
}
