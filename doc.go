// Package engage is the root of engage, a library for modelling customer
// engagement: who your customers are and what they do, how engaged they
// are, how much goodwill you hold, what that is worth, and what the public
// is saying. This package holds no code; it is the tour.
//
// # The packages
//
//   - engagement: the core model. Customers and their interactions
//     (purchases, complaints, survey answers, referrals, ...), the profile
//     each customer's interactions fold into (recency, frequency, exact
//     monetary value, satisfaction and its trend, Net Promoter class,
//     referrals, complaints, goodwill), goodwill that builds and decays and
//     explains itself, a parallel fold over a whole customer base, CSV and
//     JSON Lines import, and the Store plug-in interface with a memory
//     default.
//   - engagement/sqlstore: the Store over database/sql, for SQLite
//     (embedded) and PostgreSQL, with embedded, versioned migrations.
//   - engagement/storetest: the conformance suite every Store backend runs
//     from its own tests.
//   - engagement/clv: customer lifetime value: BG/NBD and Gamma-Gamma fits
//     (validated on the CDNOW data against the published parameters) and
//     discounted value forecasts in exact decimals.
//   - listening: the listening centre. Mentions from memory, files and
//     RSS/Atom feeds; a rule-based sentiment analyser with a lexicon loader;
//     topics, rolling volume and sentiment, crisis alerts; response cases
//     that walk the response plan with time targets; posting guidelines
//     for staff; feedback for product development.
//   - stages, touchpoints: the stages of engagement and the customer
//     journey's touch points (to come).
//   - examples: runnable programs; examples/quickstart folds a sample and
//     prints each customer's profile and goodwill.
//
// # Principles
//
// Models are plain values and functions: time is an argument (asOf), never
// read from the clock, and randomness takes a seed. Money is
// github.com/shopspring/decimal, exact. Storage, sentiment analysers and
// mention sources are small interfaces with a working default. Every
// figure the models use is a named, documented, overridable default with
// its source. Bad input is an error naming the line, field and value;
// nothing panics on input.
//
// # A first program
//
// See the package example: fold interactions into profiles, then hear what
// the public says.
package engage
