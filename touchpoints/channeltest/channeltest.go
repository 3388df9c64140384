// Package channeltest is the former home of package outreach/channeltest,
// which checks implementations of a delivery channel against its contract
// and offers channels that fail on purpose.
//
// Deprecated: use package github.com/engagekit/engage/outreach/channeltest,
// which this package forwards to.
package channeltest

import (
	"testing"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
	"pgregory.net/rapid"
)

// ErrInjected is matched by the errors the fault wrappers inject.
//
// Deprecated: use channeltest.ErrInjected of outreach/channeltest.
var ErrInjected = channeltest.ErrInjected

// Run checks the channels newChannel returns against the contract.
//
// Deprecated: use channeltest.Run of outreach/channeltest.
func Run(t *testing.T, newChannel func(t *testing.T) outreach.Channel) {
	t.Helper()
	channeltest.Run(t, newChannel)
}

// TestChannel checks the channels newChannel returns against the contract
// and returns the failures.
//
// Deprecated: use channeltest.TestChannel of outreach/channeltest.
func TestChannel(newChannel func() (outreach.Channel, error)) error {
	return channeltest.TestChannel(newChannel)
}

// Benchmark measures the channel newChannel returns.
//
// Deprecated: use channeltest.Benchmark of outreach/channeltest.
func Benchmark(b *testing.B, newChannel func(b *testing.B) outreach.Channel) {
	channeltest.Benchmark(b, newChannel)
}

// MessageGen returns a generator of valid messages.
//
// Deprecated: use channeltest.MessageGen of outreach/channeltest.
func MessageGen() *rapid.Generator[outreach.Message] { return channeltest.MessageGen() }

// FailFirst wraps c so that its first n calls fail.
//
// Deprecated: use channeltest.FailFirst of outreach/channeltest.
func FailFirst(c outreach.Channel, n int, err error) outreach.Channel {
	return channeltest.FailFirst(c, n, err)
}

// FailWhen wraps c so that the messages fail refuses are refused.
//
// Deprecated: use channeltest.FailWhen of outreach/channeltest.
func FailWhen(c outreach.Channel, fail func(outreach.Message) error) outreach.Channel {
	return channeltest.FailWhen(c, fail)
}

// StallFirst wraps c so that its first n calls hang until ctx is done.
//
// Deprecated: use channeltest.StallFirst of outreach/channeltest.
func StallFirst(c outreach.Channel, n int) outreach.Channel { return channeltest.StallFirst(c, n) }

// LoseReceipts wraps c so that the receipts of its first n deliveries are
// lost.
//
// Deprecated: use channeltest.LoseReceipts of outreach/channeltest.
func LoseReceipts(c outreach.Channel, n int) outreach.Channel { return channeltest.LoseReceipts(c, n) }
