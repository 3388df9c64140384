// Package contract runs the clauses of an interface's contract against an
// implementation, as subtests or, outside a test, as one joined error, and
// runs a rapid state machine on a fresh implementation per run. The
// conformance suites engagement/storetest, outreach/channeltest and
// touchpoints/attribution/attributiontest are built on it; each supplies
// its clauses and, where it has one, its state machine.
package contract

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// Clause is one clause of a contract and the check that a value keeps it.
type Clause[T any] struct {
	Name        string // subtest name
	Explanation string // the clause, as the failure message states it
	Check       func(v T) error
}

// Error reports a value that broke one clause.
type Error struct {
	Suite       string // the suite's package name, such as "storetest"
	Clause      string // the clause's Name
	Explanation string // the clause's Explanation
	Err         error  // what the check found
}

func (e *Error) Error() string {
	return e.Suite + ": " + e.Clause + ": " + e.Explanation + ":\n\t" +
		strings.ReplaceAll(e.Err.Error(), "\n", "\n\t")
}

// Unwrap returns what the check found.
func (e *Error) Unwrap() error { return e.Err }

// Subtests runs each clause in a subtest named for it, on a value that
// newValue makes for that subtest.
func Subtests[T any](t *testing.T, clauses []Clause[T], newValue func(t *testing.T) T) {
	t.Helper()
	for _, c := range clauses {
		t.Run(c.Name, func(t *testing.T) {
			if err := c.Check(newValue(t)); err != nil {
				t.Errorf("%s:\n%v", c.Explanation, err)
			}
		})
	}
}

// Check runs every clause on a fresh value from newValue and returns the
// failures, each an *[Error], joined with [errors.Join], or nil when the
// value keeps them all. A value that is an [io.Closer] is closed after its
// clause; a panic is reported as a failure of the clause that caused it.
// what names the value in errors of newValue ("store", "channel").
func Check[T any](suite, what string, clauses []Clause[T], newValue func() (T, error)) error {
	var errs []error
	for _, c := range clauses {
		if err := run(c, what, newValue); err != nil {
			errs = append(errs, &Error{Suite: suite, Clause: c.Name, Explanation: c.Explanation, Err: err})
		}
	}
	return errors.Join(errs...)
}

// run runs one clause on a fresh value, turning a panic into an error.
func run[T any](c Clause[T], what string, newValue func() (T, error)) (err error) {
	v, err := newValue()
	if err != nil {
		return fmt.Errorf("new %s: %w", what, err)
	}
	if any(v) == nil {
		return fmt.Errorf("new %s returned nil", what)
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.Join(err, fmt.Errorf("panic: %v", r))
		}
		if cl, ok := any(v).(io.Closer); ok {
			if cerr := cl.Close(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("close: %w", cerr))
			}
		}
	}()
	return c.Check(v)
}

// Failed returns the names of the clauses whose failures err holds: the
// *[Error] values in err or, when err joins several, in each of them.
func Failed(err error) map[string]bool {
	failed := make(map[string]bool)
	var walk func(error)
	walk = func(err error) {
		var ce *Error
		if errors.As(err, &ce) {
			failed[ce.Clause] = true
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return failed
}
