package channeltest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/outreach"
)

// testCase is one clause of the contract and the check that a channel keeps
// it.
type testCase = contract.Clause[outreach.Channel]

// Run checks the channel that newChannel returns against every clause of
// the [outreach.Channel] contract, each in a subtest named for the
// clause, and then runs a state-machine test of the channel against a map
// model of the keys it delivered (the subtest "StateMachine", driven by
// pgregory.net/rapid and so tuned by its flags, such as -rapid.checks).
//
// newChannel must return a fresh channel each time. It is called once for
// each clause with that clause's subtest, and once for each run of the
// state machine with a subtest of that run's own (StateMachine/run); it
// may call t.Cleanup to release the channel, which then happens when the
// clause or the run ends, and t.Fatal when it cannot make one.
func Run(t *testing.T, newChannel func(t *testing.T) outreach.Channel) {
	t.Helper()
	contract.Subtests(t, cases(), newChannel)
	contract.StateMachine(t, newChannel, newMachine)
}

// TestChannel checks the channels that newChannel returns against every
// clause of the [outreach.Channel] contract and returns the failures
// joined with [errors.Join], or nil when the channel keeps them all. Each
// failure names the clause and explains it.
//
// newChannel must return a fresh channel each time; TestChannel calls it
// once per clause and, when the channel is an [io.Closer], closes it
// afterwards. Unlike [Run], TestChannel does not run the state-machine
// test. A panic in the channel is reported as a failure of the clause that
// caused it.
func TestChannel(newChannel func() (outreach.Channel, error)) error {
	return contract.Check("channeltest", "channel", cases(), newChannel)
}

// problems gathers what a check found wrong with a channel.
type problems []error

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

func (p problems) err() error { return errors.Join(p...) }
