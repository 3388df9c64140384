// Package storetest checks implementations of [engagement.Store] against
// the contract written in that interface's documentation. Any backend, in
// this module or outside it, runs the suite from its own tests by handing
// it a constructor for empty stores.
//
// # Usage
//
// [Run] runs every clause of the contract as a subtest, followed by a
// randomised state-machine test that drives the store and a plain map
// model with the same operations and compares them:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) engagement.Store {
//			s, err := mystore.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// [TestStore] runs the same clauses without a *testing.T and returns what
// it found as one error, in the manner of testing/fstest.TestFS. It leaves
// out the state machine, which needs the test framework.
//
// [Benchmark] measures a store on the common paths: appending batches and
// reading one customer's history.
//
// [CustomerGen] and [InteractionGen] are the rapid generators the state
// machine draws from, for use in other property tests.
//
// # What the suite assumes
//
// Every call to the constructor must return an empty store that shares
// nothing with the stores returned before. The suite calls it once per
// clause and once per run of the state machine, so it should be cheap.
// The suite compares customer IDs and interaction IDs byte by byte, as Go
// compares strings, and expects times back to the nanosecond.
package storetest
