package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
)

// schemaV1 is schema version 1 as released, for building a database an
// older release wrote. {p} is the table prefix, {id} the ID type.
var schemaV1 = []string{
	`CREATE TABLE IF NOT EXISTS {p}schema_version (
		version INTEGER NOT NULL PRIMARY KEY,
		applied_ns BIGINT NOT NULL
	)`,
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
	`INSERT INTO {p}schema_version (version, applied_ns) VALUES (1, 1700000000000000000)`,
	// Rows as version 1 wrote them.
	`INSERT INTO {p}customers (id, name, grp, consent, attributes) VALUES
		('ada', 'Ada', 2, 1, '{"region":"north"}'),
		('bo', '', 0, 0, '{}')`,
	`INSERT INTO {p}interactions (id, customer, time_ns, kind, touchpoint, amount, rating_scale, rating_value) VALUES
		('o-1', 'ada', 1709285400123456789, 'purchase', 'web', '19.90', 0, 0),
		('s-1', 'ada', 1709289000000000000, 'survey', '', '0', 3, 9),
		('v-1', 'bo', -1000, 'visit', 'shop', '0', 0, 0)`,
}

// v1Customers and v1Interactions are what the rows of schemaV1 hold.
var (
	v1Customers = []engagement.Customer{
		{ID: "ada", Name: "Ada", Group: engagement.GroupCustomer, Consent: engagement.ConsentGiven, Attributes: map[string]string{"region": "north"}},
		{ID: "bo"},
	}
	v1Interactions = []engagement.Interaction{
		{ID: "o-1", Customer: "ada", Time: time.Unix(0, 1709285400123456789), Kind: engagement.Purchase, Touchpoint: "web", Amount: decimal.RequireFromString("19.90")},
		{ID: "s-1", Customer: "ada", Time: time.Unix(0, 1709289000000000000), Kind: engagement.Kind("survey"), Rating: engagement.Rating{Scale: 3, Value: 9}},
		{ID: "v-1", Customer: "bo", Time: time.Unix(0, -1000), Kind: engagement.Visit, Touchpoint: "shop"},
	}
)

// buildV1 writes schema version 1 and its rows into db under prefix.
func buildV1(t *testing.T, db *sql.DB, dialect sqlstore.Dialect, prefix string) {
	idType := "TEXT"
	if dialect == sqlstore.PostgreSQL {
		idType = `TEXT COLLATE "C"`
	}
	for _, stmt := range schemaV1 {
		stmt = strings.NewReplacer("{p}", prefix, "{id}", idType).Replace(stmt)
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// schemaRows returns the rows of the schema_version table.
func schemaRows(t *testing.T, db *sql.DB, prefix string) string {
	rows, err := db.Query("SELECT version, applied_ns FROM " + prefix + "schema_version ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var v, ns int64
		if err := rows.Scan(&v, &ns); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d@%d ", v, ns)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// testUpgrade opens a version 1 database with New and checks that it is
// at the current version with every row as it was, that the new
// capabilities work on it, and that opening it again migrates nothing.
func testUpgrade(t *testing.T, db *sql.DB, dialect sqlstore.Dialect, prefix string) {
	ctx := context.Background()
	buildV1(t, db, dialect, prefix)
	s, err := sqlstore.New(ctx, db, dialect, sqlstore.WithTablePrefix(prefix))
	if err != nil {
		t.Fatalf("New on a version 1 database: %v", err)
	}
	var v int
	if err := db.QueryRow("SELECT MAX(version) FROM " + prefix + "schema_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != 2 {
		t.Fatalf("schema version after New: %d, want 2", v)
	}
	cs := collect(t, s.Customers(ctx))
	if len(cs) != len(v1Customers) {
		t.Fatalf("customers after the upgrade: %+v, want %+v", cs, v1Customers)
	}
	for i, c := range cs {
		if !c.Equal(v1Customers[i]) || c.Account != "" || c.Traits != nil {
			t.Errorf("customer %d after the upgrade: %+v, want %+v with no account or traits", i, c, v1Customers[i])
		}
	}
	ins := collect(t, s.Interactions(ctx, engagement.Query{}))
	if len(ins) != len(v1Interactions) {
		t.Fatalf("interactions after the upgrade: %+v, want %+v", ins, v1Interactions)
	}
	for i, in := range ins {
		if !in.Equal(v1Interactions[i]) || in.Properties != nil || in.Amount.String() != v1Interactions[i].Amount.String() {
			t.Errorf("interaction %d after the upgrade: %+v, want %+v with no properties", i, in, v1Interactions[i])
		}
	}
	// The old rows take part in the new capabilities.
	if err := s.Merge(ctx, engagement.Merge{From: "bo", Into: "ada", Time: time.Unix(0, 0)}); err != nil {
		t.Fatalf("Merge on the upgraded database: %v", err)
	}
	if got := collect(t, s.Interactions(ctx, engagement.Query{Customer: "bo"})); len(got) != 3 {
		t.Errorf("Interactions(bo) after merging bo into ada: %d, want 3", len(got))
	}

	before := schemaRows(t, db, prefix)
	if _, err := sqlstore.New(ctx, db, dialect, sqlstore.WithTablePrefix(prefix)); err != nil {
		t.Fatalf("New on a version 2 database: %v", err)
	}
	if after := schemaRows(t, db, prefix); after != before || strings.Count(after, "@") != 2 {
		t.Errorf("schema_version after opening again: %q, want %q (versions 1 and 2 once each)", after, before)
	}
	if got := collect(t, s.Customers(ctx)); len(got) != 1 || got[0].ID != "ada" {
		t.Errorf("customers after opening again: %+v, want ada only", got)
	}
}

func TestUpgradeFromV1SQLite(t *testing.T) {
	t.Parallel()
	db, _ := openSQLite(t)
	testUpgrade(t, db, sqlstore.SQLite, "v_")
}

func TestUpgradeFromV1PostgreSQL(t *testing.T) {
	t.Parallel()
	db := postgres(t)
	prefix := randomPrefix(t)
	t.Cleanup(func() { dropTables(t, db, prefix) })
	testUpgrade(t, db, sqlstore.PostgreSQL, prefix)
}
