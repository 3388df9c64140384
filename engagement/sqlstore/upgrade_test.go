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
	s, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix})
	if err != nil {
		t.Fatalf("New on a version 1 database: %v", err)
	}
	var v int
	if err := db.QueryRow("SELECT MAX(version) FROM " + prefix + "schema_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != sqlstore.SchemaVersion {
		t.Fatalf("schema version after New: %d, want %d", v, sqlstore.SchemaVersion)
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
	if _, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix}); err != nil {
		t.Fatalf("New on a current database: %v", err)
	}
	if after := schemaRows(t, db, prefix); after != before || strings.Count(after, "@") != sqlstore.SchemaVersion {
		t.Errorf("schema_version after opening again: %q, want %q (every version once)", after, before)
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

// schemaV2 is the step to schema version 2 as released, with rows as
// version 2 wrote them: properties, an account and traits, an alias and
// its merge, and a consent record. It follows schemaV1.
var schemaV2 = []string{
	`ALTER TABLE {p}interactions ADD COLUMN properties TEXT NOT NULL DEFAULT '{}'`,
	`ALTER TABLE {p}customers ADD COLUMN account TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE {p}customers ADD COLUMN traits TEXT NOT NULL DEFAULT '{}'`,
	`CREATE TABLE {p}aliases (
				from_id {id} NOT NULL PRIMARY KEY,
				into_id {id} NOT NULL
			)`,
	`CREATE INDEX {p}aliases_into ON {p}aliases (into_id)`,
	`CREATE TABLE {p}merges (
				from_id {id} NOT NULL PRIMARY KEY,
				into_id {id} NOT NULL,
				time_ns BIGINT NOT NULL,
				reason TEXT NOT NULL
			)`,
	`CREATE INDEX {p}merges_into ON {p}merges (into_id)`,
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
	`INSERT INTO {p}schema_version (version, applied_ns) VALUES (2, 1710000000000000000)`,
	`UPDATE {p}customers SET account = 'acme', traits = '{"plan":"gold"}' WHERE id = 'ada'`,
	`INSERT INTO {p}interactions (id, customer, time_ns, kind, touchpoint, amount, rating_scale, rating_value, properties) VALUES
		('o-2', 'ada', 1709300000000000000, 'purchase', 'web', '5', 0, 0, '{"sku":"x-1"}')`,
	// bo was merged into ada: its rows moved, an alias left.
	`DELETE FROM {p}customers WHERE id = 'bo'`,
	`UPDATE {p}interactions SET customer = 'ada' WHERE customer = 'bo'`,
	`INSERT INTO {p}aliases (from_id, into_id) VALUES ('bo', 'ada')`,
	`INSERT INTO {p}merges (from_id, into_id, time_ns, reason) VALUES ('bo', 'ada', 1709400000000000000, 'login')`,
	`INSERT INTO {p}consents (customer, purpose, channel, state, time_ns, expires_ns, source, source_hash) VALUES
		('ada', 'marketing', 'email', 1, 1709285400000000000, -9223372036854775808, 'form', 'unused')`,
}

// testUpgradeV2 opens a version 2 database with New and checks that
// every row is kept, that state records, checkpoints and leases work on
// it, the old alias resolved, and that opening it again migrates nothing.
func testUpgradeV2(t *testing.T, db *sql.DB, dialect sqlstore.Dialect, prefix string) {
	ctx := context.Background()
	buildV1(t, db, dialect, prefix)
	idType := "TEXT"
	if dialect == sqlstore.PostgreSQL {
		idType = `TEXT COLLATE "C"`
	}
	for _, stmt := range schemaV2 {
		stmt = strings.NewReplacer("{p}", prefix, "{id}", idType).Replace(stmt)
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	s, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix})
	if err != nil {
		t.Fatalf("New on a version 2 database: %v", err)
	}
	rows := schemaRows(t, db, prefix)
	if !strings.HasPrefix(rows, "1@1700000000000000000 2@1710000000000000000 3@") || strings.Count(rows, "@") != 3 {
		t.Fatalf("schema_version after New: %q, want versions 1 and 2 as they were, and 3", rows)
	}
	c, err := s.Customer(ctx, "bo")
	if err != nil || c.ID != "ada" || c.Account != "acme" || c.Traits["plan"].String() != "gold" || c.Name != "Ada" {
		t.Errorf("Customer(bo) after the upgrade = %+v, %v; want ada with account acme and plan gold", c, err)
	}
	ins := collect(t, s.Interactions(ctx, engagement.Query{Customer: "bo"}))
	if len(ins) != 4 {
		t.Fatalf("Interactions(bo) after the upgrade: %d, want 4", len(ins))
	}
	for _, in := range ins {
		if in.Customer != "ada" || (in.ID == "o-2") != (in.Properties["sku"].String() == "x-1") {
			t.Errorf("interaction after the upgrade: %+v", in)
		}
	}
	if ms := collect(t, s.Merges(ctx, "ada")); len(ms) != 1 || ms[0].From != "bo" || ms[0].Reason != "login" {
		t.Errorf("Merges(ada) after the upgrade = %+v, want bo's", ms)
	}
	if rs := collect(t, s.ConsentRecords(ctx, "bo")); len(rs) != 1 || rs[0].Source != "form" || !rs[0].Expires.IsZero() {
		t.Errorf("ConsentRecords(bo) after the upgrade = %+v, want the form's grant", rs)
	}

	// The new capabilities, through the old alias.
	at := time.Unix(0, 1709500000000000000)
	if err := s.RecordStates(ctx, engagement.StateRecord{Customer: "bo", Time: at, Stage: "returning", Band: "green", Score: 40.122}); err != nil {
		t.Fatalf("RecordStates on the upgraded database: %v", err)
	}
	if got := collect(t, s.LatestStates(ctx, at)); len(got) != 1 || got[0].Customer != "ada" || got[0].Score != 40.122 {
		t.Errorf("LatestStates on the upgraded database = %+v, want ada's record", got)
	}
	if cp, err := s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "bo", Name: "play", Value: []byte("{}"), Saved: at}); err != nil || cp.Customer != "ada" || cp.Version != 1 {
		t.Errorf("SaveCheckpoint on the upgraded database = %+v, %v; want version 1 under ada", cp, err)
	}
	l, err := s.Lease(ctx, "ada", time.Minute)
	if err != nil {
		t.Fatalf("Lease on the upgraded database: %v", err)
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.New(ctx, db, dialect, sqlstore.Options{TablePrefix: prefix}); err != nil {
		t.Fatalf("New on a current database: %v", err)
	}
	if after := schemaRows(t, db, prefix); after != rows {
		t.Errorf("schema_version after opening again: %q, want %q", after, rows)
	}
	if got := collect(t, s.States(ctx, "ada", time.Time{}, time.Time{})); len(got) != 1 {
		t.Errorf("States(ada) after opening again = %+v, want the one record", got)
	}
}

func TestUpgradeFromV2SQLite(t *testing.T) {
	t.Parallel()
	db, _ := openSQLite(t)
	testUpgradeV2(t, db, sqlstore.SQLite, "w_")
}

func TestUpgradeFromV2PostgreSQL(t *testing.T) {
	t.Parallel()
	db := postgres(t)
	prefix := randomPrefix(t)
	t.Cleanup(func() { dropTables(t, db, prefix) })
	testUpgradeV2(t, db, sqlstore.PostgreSQL, prefix)
}
