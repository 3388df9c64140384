package attributiontest

import (
	"testing"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/touchpoints/attribution"
)

// clause is one rule of the contract and the check that a model keeps it.
type clause = contract.Clause[attribution.Model]

// Run checks m against every clause, each in a subtest named for it.
func Run(t *testing.T, m attribution.Model) {
	t.Helper()
	contract.Subtests(t, clauses(), func(*testing.T) attribution.Model { return m })
}

// TestModel checks m against every clause and returns the failures, each
// naming its clause and explaining it, joined with [errors.Join], or nil
// when m keeps them all. A panic in the model is reported as a failure of
// the clause that caused it.
func TestModel(m attribution.Model) error {
	return contract.Check("attributiontest", "model", clauses(), func() (attribution.Model, error) { return m, nil })
}
