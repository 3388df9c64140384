package storetest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"pgregory.net/rapid"
)

// testCase is one clause of the Store contract and the check that a store
// keeps it.
type testCase struct {
	name        string // subtest name
	explanation string // the clause, as the failure message states it
	check       func(s engagement.Store) error
}

// caseError reports a store that broke one clause.
type caseError struct {
	name        string
	explanation string
	err         error
}

func (e *caseError) Error() string {
	return "storetest: " + e.name + ": " + e.explanation + ":\n\t" +
		strings.ReplaceAll(e.err.Error(), "\n", "\n\t")
}

func (e *caseError) Unwrap() error { return e.err }

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
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			if err := c.check(s); err != nil {
				t.Errorf("%s:\n%v", c.explanation, err)
			}
		})
	}
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
	var errs []error
	for _, c := range cases() {
		if err := runCase(c, newStore); err != nil {
			errs = append(errs, &caseError{name: c.name, explanation: c.explanation, err: err})
		}
	}
	return errors.Join(errs...)
}

// runCase runs one clause on a new store, turning a panic into an error.
func runCase(c testCase, newStore func() (engagement.Store, error)) (err error) {
	s, err := newStore()
	if err != nil {
		return fmt.Errorf("new store: %w", err)
	}
	if s == nil {
		return errors.New("new store returned nil")
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.Join(err, fmt.Errorf("panic: %v", r))
		}
		if cl, ok := s.(io.Closer); ok {
			if cerr := cl.Close(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("close: %w", cerr))
			}
		}
	}()
	return c.check(s)
}
