package sqlstore

import "testing"

func TestSchemaVersionMatchesSteps(t *testing.T) {
	if got := len(schemaSteps()); got != SchemaVersion {
		t.Errorf("len(schemaSteps()) = %d, want SchemaVersion = %d", got, SchemaVersion)
	}
}

func TestRebind(t *testing.T) {
	const q = "SELECT a FROM t WHERE b = ? AND c IN (?,?)"
	if got, want := PostgreSQL.rebind(q), "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)"; got != want {
		t.Errorf("PostgreSQL.rebind(%q) = %q, want %q", q, got, want)
	}
	if got := SQLite.rebind(q); got != q {
		t.Errorf("SQLite.rebind(%q) = %q, want it unchanged", q, got)
	}
}
