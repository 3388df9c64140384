package channeltest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints"
	"pgregory.net/rapid"
)

// testCase is one clause of the Channel contract and the check that a
// channel keeps it.
type testCase struct {
	name        string // subtest name
	explanation string // the clause, as the failure message states it
	check       func(c touchpoints.Channel) error
}

// caseError reports a channel that broke one clause.
type caseError struct {
	name        string
	explanation string
	err         error
}

func (e *caseError) Error() string {
	return "channeltest: " + e.name + ": " + e.explanation + ":\n\t" +
		strings.ReplaceAll(e.err.Error(), "\n", "\n\t")
}

func (e *caseError) Unwrap() error { return e.err }

// Run checks the channel that newChannel returns against every clause of
// the [touchpoints.Channel] contract, each in a subtest named for the
// clause, and then runs a state-machine test of the channel against a map
// model of the keys it delivered (the subtest "StateMachine", driven by
// pgregory.net/rapid and so tuned by its flags, such as -rapid.checks).
//
// newChannel must return a fresh channel each time. It is called once for
// each clause with that clause's subtest, and once for each run of the
// state machine with the StateMachine subtest; it may call t.Cleanup to
// release the channel and t.Fatal when it cannot make one.
func Run(t *testing.T, newChannel func(t *testing.T) touchpoints.Channel) {
	t.Helper()
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			ch := newChannel(t)
			if err := c.check(ch); err != nil {
				t.Errorf("%s:\n%v", c.explanation, err)
			}
		})
	}
	t.Run("StateMachine", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) {
			m := newMachine(newChannel(t))
			rt.Repeat(rapid.StateMachineActions(m))
		})
	})
}

// TestChannel checks the channels that newChannel returns against every
// clause of the [touchpoints.Channel] contract and returns the failures
// joined with [errors.Join], or nil when the channel keeps them all. Each
// failure names the clause and explains it.
//
// newChannel must return a fresh channel each time; TestChannel calls it
// once per clause and, when the channel is an [io.Closer], closes it
// afterwards. Unlike [Run], TestChannel does not run the state-machine
// test. A panic in the channel is reported as a failure of the clause that
// caused it.
func TestChannel(newChannel func() (touchpoints.Channel, error)) error {
	var errs []error
	for _, c := range cases() {
		if err := runCase(c, newChannel); err != nil {
			errs = append(errs, &caseError{name: c.name, explanation: c.explanation, err: err})
		}
	}
	return errors.Join(errs...)
}

// runCase runs one clause on a fresh channel, turning a panic into an
// error.
func runCase(c testCase, newChannel func() (touchpoints.Channel, error)) (err error) {
	ch, err := newChannel()
	if err != nil {
		return fmt.Errorf("new channel: %w", err)
	}
	if ch == nil {
		return errors.New("new channel returned nil")
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.Join(err, fmt.Errorf("panic: %v", r))
		}
		if cl, ok := ch.(io.Closer); ok {
			if cerr := cl.Close(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("close: %w", cerr))
			}
		}
	}()
	return c.check(ch)
}

// problems gathers what a check found wrong with a channel.
type problems []error

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

func (p problems) err() error { return errors.Join(p...) }
