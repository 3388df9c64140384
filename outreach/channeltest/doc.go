// Package channeltest checks implementations of [outreach.Channel]
// against the contract written in that interface's documentation, and
// offers channels that fail on purpose, for testing code that delivers
// through a channel. Any channel, in this module or outside it, runs the
// suite from its own tests by handing it a constructor for fresh channels.
//
// # Usage
//
// [Run] runs every clause of the contract as a subtest, followed by a
// randomised state-machine test that sends messages with repeated keys,
// some with a cancelled context, and checks each key is delivered once:
//
//	func TestChannel(t *testing.T) {
//		channeltest.Run(t, func(t *testing.T) outreach.Channel {
//			srv := startFakeProvider(t) // a test double of the provider
//			c, err := mychannel.New(srv.URL, mychannel.Options{})
//			if err != nil {
//				t.Fatal(err)
//			}
//			return c
//		})
//	}
//
// [TestChannel] runs the same clauses without a *testing.T and returns
// what it found as one error, in the manner of testing/fstest.TestFS. It
// leaves out the state machine, which needs the test framework.
//
// [Benchmark] measures a channel delivering new keys and repeated ones.
// [MessageGen] is the rapid generator of valid messages the state machine
// draws from, for use in other property tests.
//
// # Faults
//
// [FailFirst], [StallFirst], [LoseReceipts] and [FailWhen] wrap a channel
// so that it fails the way real ones do: a run of errors, a provider that
// hangs until the caller gives up, an acknowledgement lost after the
// message went out, a recipient that refuses some messages. They are for
// testing the callers of a channel (package outreach tests its
// Sender with them), in the manner of testing/iotest.
//
// # What the suite assumes
//
// Every call to the constructor must return a channel that has delivered
// nothing and shares no remembered keys with the channels returned before.
// The suite calls it once per clause and once per run of the state
// machine, so it should be cheap; each run has a subtest of its own, so
// what the constructor hands to t.Cleanup is released when that run ends.
// The suite sees a channel only through Deliver: "delivered" means a
// receipt with Duplicate unset.
package channeltest
