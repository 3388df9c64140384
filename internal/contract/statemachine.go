package contract

import (
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// StateMachine runs, in the subtest "StateMachine", a rapid state-machine
// test with a fresh value for every run: each run makes its value with
// newValue in a subtest of its own, named "run-1", "run-2" and so on,
// drives the machine newMachine builds around it
// (rapid.StateMachineActions, so each exported method of the machine is an
// action and Check runs after each), and ends that subtest when the run
// ends. What newValue registers with t.Cleanup (closing a store, removing
// a directory) is so released at the end of each run, not piled up until
// the whole test ends. The names are made unique here rather than left to
// the testing package, whose "run#01" would put a '#' into t.TempDir
// paths, and a '#' cuts a file: URL short.
//
// A failure of the machine is rapid's, shrunk and reported as usual. When
// newValue fails its subtest (t.Fatal), the test stops there rather than
// have rapid shrink a failure that is not the machine's.
func StateMachine[T any, M rapid.StateMachine](t *testing.T, newValue func(t *testing.T) T, newMachine func(v T) M) {
	t.Helper()
	t.Run("StateMachine", func(t *testing.T) {
		runs := 0
		rapid.Check(t, func(rt *rapid.T) {
			runs++
			runOnce(t, "run-"+strconv.Itoa(runs), rt, newValue, newMachine)
		})
	})
}

// runOnce makes a value in a subtest and runs the machine on it there,
// passing any panic (rapid's way of failing a run) back to rapid's
// goroutine once the subtest and its cleanups are done.
func runOnce[T any, M rapid.StateMachine](t *testing.T, name string, rt *rapid.T, newValue func(t *testing.T) T, newMachine func(v T) M) {
	var (
		made     bool
		panicked bool
		caught   any
	)
	ok := t.Run(name, func(t *testing.T) {
		v := newValue(t)
		made = true
		defer func() {
			if r := recover(); r != nil {
				panicked, caught = true, r
			}
		}()
		rt.Repeat(rapid.StateMachineActions(newMachine(v)))
	})
	switch {
	case panicked:
		panic(caught)
	case !made && !ok:
		t.Fatal("making a fresh value for a run of the state machine failed")
	}
	// A value newValue skipped, or a run the -run flag filtered out,
	// passes.
}
