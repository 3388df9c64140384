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
//     Erasure is [engagement.ErrInvalid]. State records and checkpoints,
//     when the store keeps them, are removed in both modes and counted in
//     the report, and a pseudonym holding only them is held.
//   - History, for an [engagement.HistoryStore]: records round-trip per
//     customer in ascending order of time whatever the order recorded; a
//     record at a customer's instant replaces it whole (the later within a
//     call); an invalid record fails its call and stores nothing; States
//     bounds are from inclusive, to exclusive, zero for none;
//     LatestStates gives each customer's latest at or before asOf
//     (nothing before the first, the earlier between two), by customer
//     ID; an alias's records land on the customer it stands for and a
//     merge carries them (Into's kept at a shared time); a cancelled
//     context fails every call.
//   - Checkpoints, for an [engagement.CheckpointStore]: none saved loads
//     as version 0; a save returns and stores the next version, any bytes
//     up to [engagement.MaxCheckpointBytes] exactly, copied in and out; a
//     stale or future version is [engagement.ErrConflict] and changes
//     nothing; of eight savers over one version at once exactly one wins,
//     and savers that reload after a conflict lose no update; invalid
//     checkpoints are [engagement.ErrInvalid]; a merge carries an alias's
//     checkpoints (Into's kept for a shared name).
//   - Leases, for an [engagement.Leaser]: eight goroutines incrementing a
//     plain counter under one lease lose nothing and never overlap (run
//     the suite with -race: releasing must happen before the next holder's
//     Lease returns); other names are independent; a waiter whose context
//     ends gets the context's error and takes nothing; a bad name or ttl is
//     [engagement.ErrInvalid]; a lease not released lapses after its ttl
//     (the clause uses 150 ms) and a late Release by the lapsed holder,
//     or a second Release, leaves the new holder's lease alone. These
//     clauses wait on real time, well under a second each.
//
// A clause about an optional capability is skipped by [Run] (with a
// message naming the interface) and passes in [TestStore] when the store
// does not implement it. When it does, the state machine also merges,
// records consent, erases, records states and saves checkpoints, and
// compares Resolve, Merges, ConsentRecords, States, LatestStates and
// LoadCheckpoint with its model after every step.
//
// # What the suite assumes
//
// Every call to the constructor must return an empty store that shares
// nothing with the stores returned before. The suite calls it once per
// clause and once per run of the state machine, so it should be cheap;
// each run has a subtest of its own, so what the constructor hands to
// t.Cleanup is released when that run ends.
// The suite compares customer IDs and interaction IDs byte by byte, as Go
// compares strings, and expects times back to the nanosecond.
package storetest
