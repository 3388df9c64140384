package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/engagekit/engage/engagement"
)

// customerCols is how many columns a customers row has.
const customerCols = 7

// customerSelect lists the columns scanCustomer reads.
const customerSelect = `SELECT id, name, grp, consent, attributes, account, traits FROM {p}customers`

// PutCustomers inserts or replaces customers by ID, all or nothing, in one
// transaction. If any customer fails [engagement.Customer.Validate] it
// returns an error wrapping that *[engagement.FieldError], which names the
// customer's place in cs, and stores none. A customer whose ID is an alias
// ([Store.Merge]) replaces the customer the alias stands for, under that
// customer's ID. When an ID appears twice in cs, or an alias and the ID it
// stands for both do, the later customer wins. Attributes and traits are
// stored as JSON objects.
func (s *Store) PutCustomers(ctx context.Context, cs ...engagement.Customer) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: put customers: %w", err)
	}
	if len(cs) == 0 {
		return nil
	}
	rows := make([]customerRow, len(cs))
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("sqlstore: customer %d (id %q): %w", i, c.ID, err)
		}
		r, err := newCustomerRow(c)
		if err != nil {
			return fmt.Errorf("sqlstore: customer %d (id %q): %w", i, c.ID, err)
		}
		rows[i] = r
	}
	return s.write(ctx, "put customers", lockResolve, func(tx *sql.Tx) error { return s.putCustomersTx(ctx, tx, rows) })
}

// customerRow is a customer as its row holds it: JSON text for the maps.
type customerRow struct {
	c             engagement.Customer
	attrs, traits string
}

// newCustomerRow encodes c for its row.
func newCustomerRow(c engagement.Customer) (customerRow, error) {
	r := customerRow{c: c, attrs: "{}"}
	if len(c.Attributes) > 0 {
		b, err := json.Marshal(c.Attributes)
		if err != nil {
			return customerRow{}, fmt.Errorf("attributes: %w", err)
		}
		r.attrs = string(b)
	}
	t, err := propsText(c.Traits)
	if err != nil {
		return customerRow{}, fmt.Errorf("traits: %w", err)
	}
	r.traits = t
	return r, nil
}

// args returns the row's values, in the column order of customerSelect,
// under the ID id.
func (r customerRow) args(id engagement.CustomerID) []any {
	return []any{string(id), r.c.Name, int64(r.c.Group), int64(r.c.Consent), r.attrs, string(r.c.Account), r.traits}
}

// putCustomersTx is the transaction of PutCustomers: it resolves aliases,
// keeps the last row of each customer (one statement may not touch a row
// twice) and upserts them in ascending order of ID. It does not change
// rows.
func (s *Store) putCustomersTx(ctx context.Context, tx *sql.Tx, rows []customerRow) error {
	ids := make([]engagement.CustomerID, len(rows))
	for i, r := range rows {
		ids[i] = r.c.ID
	}
	canon, err := s.resolveAll(ctx, tx, "put customers", ids)
	if err != nil {
		return err
	}
	last := make(map[engagement.CustomerID]int, len(rows))
	for i, id := range ids {
		if c, ok := canon[id]; ok {
			id = c
			ids[i] = c
		}
		last[id] = i
	}
	keys := slices.Sorted(maps.Keys(last))
	args := make([]any, 0, len(keys)*customerCols)
	for _, id := range keys {
		args = append(args, rows[last[id]].args(id)...)
	}
	return s.upsertCustomers(ctx, tx, "put customers", args)
}

// upsertCustomers inserts or replaces the customers rows whose values are
// args, customerCols each, with distinct IDs.
func (s *Store) upsertCustomers(ctx context.Context, tx *sql.Tx, op string, args []any) error {
	rowsPer := s.dialect.maxParams() / customerCols
	for len(args) > 0 {
		n := min(len(args)/customerCols, rowsPer)
		q := s.expand(`INSERT INTO {p}customers (id, name, grp, consent, attributes, account, traits) VALUES `) +
			placeholders(n, customerCols) +
			` ON CONFLICT (id) DO UPDATE SET name = excluded.name, grp = excluded.grp, consent = excluded.consent, attributes = excluded.attributes, account = excluded.account, traits = excluded.traits`
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args[:n*customerCols]...); err != nil {
			return s.fail(ctx, op, err)
		}
		args = args[n*customerCols:]
	}
	return nil
}

// Customer returns the customer with the given ID, or an error wrapping
// [engagement.ErrNotFound] that names the ID. Asked for an alias
// ([Store.Merge]) it returns the customer the alias stands for, with that
// customer's ID.
func (s *Store) Customer(ctx context.Context, id engagement.CustomerID) (engagement.Customer, error) {
	if err := ctx.Err(); err != nil {
		return engagement.Customer{}, fmt.Errorf("sqlstore: customer %q: %w", id, err)
	}
	q := s.dialect.rebind(s.expand(customerSelect + ` WHERE id = ` + resolveSQL))
	c, err := scanCustomer(s.queryRow(ctx, q, string(id), string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return engagement.Customer{}, fmt.Errorf("sqlstore: customer %q: %w", id, engagement.ErrNotFound)
	}
	if err != nil {
		return engagement.Customer{}, s.fail(ctx, fmt.Sprintf("customer %q", id), err)
	}
	return c, nil
}

// Customers yields every stored customer that is no one's alias, in
// ascending byte-wise order of ID. It reads them all with one query, into memory, before yielding the
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
	rows, err := s.query(ctx, s.expand(customerSelect+` WHERE NOT EXISTS (SELECT 1 FROM {p}aliases WHERE from_id = {p}customers.id) ORDER BY id`))
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
		account, trait string
		group, consent int64
	)
	if err := r.Scan(&id, &c.Name, &group, &consent, &attrs, &account, &trait); err != nil {
		return engagement.Customer{}, err
	}
	c.ID = engagement.CustomerID(id)
	c.Account = engagement.AccountID(account)
	traits, err := parseProps(trait)
	if err != nil {
		return engagement.Customer{}, fmt.Errorf("customer %q: traits: %w", id, err)
	}
	c.Traits = traits
	c.Group = engagement.Group(group)
	c.Consent = engagement.Consent(consent)
	if attrs != "" && attrs != "{}" {
		if err := json.Unmarshal([]byte(attrs), &c.Attributes); err != nil {
			return engagement.Customer{}, fmt.Errorf("customer %q: attributes: %v", id, err)
		}
	}
	return c, nil
}
