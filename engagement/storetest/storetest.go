package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/contract"
)

// testCase is one clause of the contract and the check that a store keeps
// it.
type testCase = contract.Clause[engagement.Store]

// Run checks the store that newStore returns against every clause of the
// [engagement.Store] contract, and of the optional capabilities it
// implements ([engagement.IdentityStore], [engagement.ConsentStore],
// [engagement.Eraser], [engagement.HistoryStore],
// [engagement.CheckpointStore], [engagement.Leaser]), each in a subtest named for the clause, and then
// runs a state-machine test of the store against a map model (the subtest
// "StateMachine", driven by pgregory.net/rapid and so tuned by its flags,
// such as -rapid.checks). The subtest of a clause about a capability the
// store lacks is skipped, saying which.
//
// newStore must return a new, empty store each time. It is called once for
// each clause with that clause's subtest, and once for each run of the
// state machine with a subtest of that run's own (StateMachine/run); it
// may call t.Cleanup to release the store, which then happens when the
// clause or the run ends, and t.Fatal when it cannot make one.
func Run(t *testing.T, newStore func(t *testing.T) engagement.Store) {
	t.Helper()
	for _, c := range cases() {
		t.Run(c.Name, func(t *testing.T) {
			err := c.Check(newStore(t))
			if reason, ok := skipped(err); ok {
				t.Skip(reason)
			}
			if err != nil {
				t.Errorf("%s:\n%v", c.Explanation, err)
			}
		})
	}
	contract.StateMachine(t, newStore, newMachine)
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
//
// A clause about an optional capability ([engagement.IdentityStore],
// [engagement.ConsentStore], [engagement.Eraser],
// [engagement.HistoryStore], [engagement.CheckpointStore],
// [engagement.Leaser]) passes when the store
// does not implement it; [Run] reports it as skipped instead.
func TestStore(newStore func() (engagement.Store, error)) error {
	clauses := cases()
	for i, c := range clauses {
		clauses[i].Check = func(s engagement.Store) error {
			if err := c.Check(s); err != nil {
				if _, ok := skipped(err); !ok {
					return err
				}
			}
			return nil
		}
	}
	return contract.Check("storetest", "store", clauses, newStore)
}

// skipError is what a clause returns, alone, when the store lacks the
// optional capability the clause is about.
type skipError struct{ reason string }

func (e *skipError) Error() string { return "skipped: " + e.reason }

// skipped reports whether err says to skip a clause, and why.
func skipped(err error) (reason string, ok bool) {
	var se *skipError
	if errors.As(err, &se) {
		return se.reason, true
	}
	return "", false
}

// identityStore returns s as an [engagement.IdentityStore], or an error
// that skips the clause.
func identityStore(s engagement.Store) (engagement.IdentityStore, error) {
	if is, ok := s.(engagement.IdentityStore); ok {
		return is, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.IdentityStore (Merge, Resolve, Merges)", s)}
}

// consentStore returns s as an [engagement.ConsentStore], or an error
// that skips the clause.
func consentStore(s engagement.Store) (engagement.ConsentStore, error) {
	if cs, ok := s.(engagement.ConsentStore); ok {
		return cs, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.ConsentStore (RecordConsent, ConsentRecords)", s)}
}

// eraser returns s as an [engagement.Eraser], or an error that skips the
// clause.
func eraser(s engagement.Store) (engagement.Eraser, error) {
	if e, ok := s.(engagement.Eraser); ok {
		return e, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.Eraser (Erase)", s)}
}
