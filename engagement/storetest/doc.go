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
// [CustomerGen], [InteractionGen], [PropertiesGen] and [ValueGen] are the
// rapid generators the state machine draws from, for use in other
// property tests.
//
// # Clauses
//
// Besides the clauses of [engagement.Store] itself (customers, appends,
// idempotency, conflicts, validation, query windows, cancellation,
// concurrency) the suite checks:
//
//   - Properties and traits: interaction Properties and customer Account
//     and Traits round-trip exactly (every value kind, numbers with their
//     scale, times as instants, nil and empty alike), are copied in and
//     out, and re-appending an interaction ID with other properties is a
//     conflict while Equal ones (1.5 for 1.50) are a no-op.
//   - Overlapping writers: eight writers append batches sharing
//     interaction IDs (equal content, different orders) and put the same
//     customers at once, for a fixed number of rounds; every call must
//     succeed and nothing may be lost, duplicated or wrong. A database
//     store must retry or absorb unique-key races between transactions.
//   - Merges, for an [engagement.IdentityStore]: history union through
//     the alias and the canonical ID, Customers without aliases, Merges
//     explaining, chains, invalid merges, re-merging an alias elsewhere
//     and cycles refused with [engagement.ErrConflict], repeats a no-op.
//   - Consent, for an [engagement.ConsentStore]: records round-trip in the
//     order of [engagement.CompareConsentRecords], an Equal record is
//     stored once, an invalid call stores nothing, an alias's records
//     land on the customer it stands for (when the store merges too), and
//     [engagement.ConsentAt] over the stored records lets a withdrawal
//     stand against an older grant recorded later.
//   - Erasure, for an [engagement.Eraser]: deletion removes everything,
//     aliases included; anonymisation keeps the interactions under the
//     pseudonym without properties; a pseudonym the store holds in any
//     role (customer record, interactions, consent records, alias) is a
//     conflict that changes nothing; an unknown customer gives a report
//     that counts nothing and no error, whatever the pseudonym; a bad
//     Erasure is [engagement.ErrInvalid].
//
// A clause about an optional capability is skipped by [Run] (with a
// message naming the interface) and passes in [TestStore] when the store
// does not implement it. When it does, the state machine also merges,
// records consent and erases, and compares Resolve, Merges and
// ConsentRecords with its model after every step.
//
// # What the suite assumes
//
// Every call to the constructor must return an empty store that shares
// nothing with the stores returned before. The suite calls it once per
// clause and once per run of the state machine, so it should be cheap.
// The suite compares customer IDs and interaction IDs byte by byte, as Go
// compares strings, and expects times back to the nanosecond.
package storetest
