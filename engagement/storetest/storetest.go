package storetest

import (
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/contract"
	"pgregory.net/rapid"
)

// testCase is one clause of the contract and the check that a store keeps
// it.
type testCase = contract.Clause[engagement.Store]

// Run checks the store that newStore returns against every clause of the
// [engagement.Store] contract, each in a subtest named for the clause, and
// then runs a state-machine test of the store against a map model (the
// subtest "StateMachine", driven by pgregory.net/rapid and so tuned by its
// flags, such as -rapid.checks).
//
// newStore must return a new, empty store each time. It is called once for
// each clause with that clause's subtest, and once for each run of the
// state machine with the StateMachine subtest; it may call t.Cleanup to
// release the store and t.Fatal when it cannot make one.
func Run(t *testing.T, newStore func(t *testing.T) engagement.Store) {
	t.Helper()
	contract.Subtests(t, cases(), newStore)
	t.Run("StateMachine", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) {
			m := newMachine(newStore(t))
			rt.Repeat(rapid.StateMachineActions(m))
		})
	})
}

// TestStore checks the stores that newStore returns against every clause of
// the [engagement.Store] contract and returns the failures joined with
// [errors.Join], or nil when the store keeps them all. Each failure names
// the clause and explains it.
//
// newStore must return a new, empty store each time; TestStore calls it
// once per clause and, when the store is an [io.Closer], closes it
// afterwards. Unlike [Run], TestStore does not run the state-machine test.
// A panic in the store is reported as a failure of the clause that caused
// it.
func TestStore(newStore func() (engagement.Store, error)) error {
	return contract.Check("storetest", "store", cases(), newStore)
}
