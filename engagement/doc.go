// Package engagement is the core model of customer engagement: customers,
// their interactions with the business, the profile those interactions add
// up to, the goodwill the business holds, and the store that keeps them.
//
// # Customers and interactions
//
// A [Customer] has an ID, a relationship [Group] (prospect, customer,
// advocate, former) and a [Consent] to be contacted. An [Interaction] is one
// event at a touch point: a purchase, a return, a service request, a
// complaint and its resolution, a survey answer, a referral, a review, a
// community post, a visit, or a [Kind] of the user's own. Amounts are exact
// decimals; a [Rating] states its scale (satisfaction 1-5, likelihood to
// recommend 0-10).
//
// # Profiles
//
// A [Profile] is what one customer's interactions add up to as of a time:
// recency, frequency (purchases and distinct purchase days), monetary value
// (exact), mean satisfaction and its trend, the latest likelihood to
// recommend and its [NPSClass], referrals, complaints open and resolved, and
// goodwill. Profiles are folds: built one interaction at a time
// ([Profile.Add]) and mergeable ([Profile.Merge]), with the same result
// however the interactions are split or ordered. [Fold] builds the profiles
// of a whole customer base from an iter.Seq of interactions on all cores.
//
// # Goodwill
//
// Goodwill is the slack a business has earned: customers with enough of it
// forgive an honest mistake. Every interaction moves the balance by its
// effect, and the balance halves every half-life when nothing happens (see
// [GoodwillRules] for the model and [DefaultHalfLife] and the
// Default...Effect constants for the calibration). [GoodwillRules.Explain]
// takes any balance apart, interaction by interaction.
//
// # Storage
//
// [Store] is the plug-in interface for keeping customers and interactions:
// append-only, idempotent by interaction ID, all-or-nothing batches.
// [MemoryStore] is the default; package storetest holds the conformance
// suite every backend runs. [ReadInteractionsCSV] and its siblings read
// CSV and JSON Lines, and [ImportInteractions] loads them into a store,
// strictly (the first bad row fails the import and nothing is stored) or
// leniently (bad rows are skipped and reported).
//
// # Properties, identity, accounts, consent and erasure
//
// An interaction carries typed [Properties] (order_id, sku, utm_source,
// device: text, exact numbers, truth values and times, each a [Value]); a
// customer carries typed Traits, set by [Identify], and an [AccountID] for
// B2B roll-ups ([Profiles.ByAccount]). Three optional store capabilities,
// which [MemoryStore] and the SQL stores both have and package storetest
// checks, make a store an app's engagement layer:
//   - [IdentityStore] merges an anonymous or duplicate ID into a known
//     customer: from then on every call that names the alias acts on that
//     customer, so folds and stages see one history, and [Merge] records
//     explain what was joined and why.
//   - [ConsentStore] keeps [ConsentRecord]s per purpose (marketing,
//     service) and channel (email, sms) with their dates and sources, an
//     audit trail; [ConsentAt] decides from them, the latest record
//     winning, so an old grant imported late never overrides a newer
//     withdrawal, and an expired grant allows nothing.
//   - [Eraser] deletes or anonymises a customer, all or nothing, as the
//     GDPR's right to erasure requires.
//
// Three more let the library act over time: [HistoryStore] keeps the
// stage, health band and score concluded at each run ([StateRecord]), so
// the next classification starts from the stored stage and trends are
// queries; [CheckpointStore] keeps the versioned state of resumable
// processes such as plays; [Leaser] hands out named leases across
// goroutines and processes, which Outreach holds while it checks the
// frequency cap.
//
// # Errors
//
// Bad values are reported as a *[FieldError] naming the line, field and
// value, matching [ErrInvalid]; stores report [ErrNotFound] and
// [ErrConflict]. Nothing in the package panics on input, and nothing reads
// the clock: every as-of time is passed in.
package engagement
