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
//     explains itself, a parallel fold over a whole customer base (and,
//     for data held in memory, a columnar Batch folded cache-partitioned
//     into full profiles or compact per-customer aggregates), CSV and
//     JSON Lines import, and the Store plug-in interface with a memory
//     default. For an app's engagement layer: typed event properties and
//     customer traits, identify and merge (an anonymous visitor's history
//     joins the known customer's), accounts with profiles rolled up per
//     account, consent records per purpose and channel with an audit
//     trail, and erasure (delete or anonymise), as optional store
//     capabilities that MemoryStore and sqlstore both have.
//   - engagement/sqlstore: the Store over database/sql, for SQLite
//     (embedded) and PostgreSQL, with embedded, versioned migrations.
//   - engagement/storetest: the conformance suite every Store backend runs
//     from its own tests.
//   - engagement/clv: customer lifetime value: BG/NBD and Gamma-Gamma fits
//     (validated on the CDNOW data against the published parameters) and
//     discounted value forecasts in exact decimals.
//   - listening: the listening centre. Mentions from memory, files and
//     RSS/Atom feeds, polled with backoff; topics (by keywords or boolean queries),
//     rolling volume and sentiment, crisis alerts and spikes of negative,
//     positive or total volume, each day and week beside the one before;
//     response cases that walk the response plan with time targets;
//     posting guidelines for staff; feedback for product development.
//     listening/sentiment scores texts: the Analyzer interface and a
//     rule-based analyser after VADER with a lexicon loader, held to its
//     contract by listening/sentiment/sentimenttest.
//     listening/sourcetest is the conformance suite for mention sources;
//     listening/digest sends a period's alerts, spikes and late cases to a
//     team as one digest through a Channel, once per period;
//     listening/sqlstore keeps mentions, their sentiment and response
//     cases in SQLite or PostgreSQL, and replays them as a Source.
//   - stages: the three stages of engagement (transactional, returning,
//     advocate) with prospects and former customers around them:
//     classification with reasons and hysteresis, Gallup's four engagement
//     levels, the playbook of actions and whether one is appropriate, where
//     to focus, and transitions between stages projected ahead.
//   - segment: declarative, explainable segments ("advocates who bought
//     in the last 30 days and consent to e-mail marketing") over profile,
//     stage, Gallup level, traits, consent and recent events with their
//     properties, in a text and a JSON form, evaluated for one customer or
//     over a store.
//   - health: customer health scores as customer-success tools define
//     them: a weighted scorecard over goodwill, stage, P(alive), NPS class,
//     sentiment and complaints, red/yellow/green bands with hysteresis, a
//     scorecard per segment, and an explanation of what moved the score.
//   - plays: triggers that fire explainable events on a customer's stored
//     history (a band dropped, a new detractor, an advocate lapsing, a
//     former customer for 90 days) and plays, stage-aware sequences of
//     sends, waits and conditions that a Runner advances through an
//     outreach Sender, resumable after a crash and never sending twice.
//   - estimate: what engagement is worth, read faithfully: the HumanSigma
//     unit figures (1.7x, 3.4x: business units, not customers), Gallup's
//     +23% / -13% customer figures calibrated on a base's mix, scenarios,
//     the multiplier observed in your own data with a bootstrap interval,
//     and 90-9-1 community sizing. It sits above stages because its
//     customer model is built on stages' engagement levels.
//   - touchpoints: the customer journey's eight phases, touch points and the
//     functions that own them, the coordinated plan (gaps, silos), channel
//     returns and the 15%-budget exercise, and journeys: interactions
//     turned into the paths attribution credits. touchpoints/attribution
//     credits conversions to channels with credits that add up exactly:
//     first, last, linear, time decay,
//     position-based, Markov removal effect (exact up to 64 channels; on
//     counts or, as ChannelAttribution does, on value; of order 1 to 4,
//     chosen by BIC), an equal split over each path's distinct channels,
//     and the Shapley value of a game whose worth is a conversion rate, so
//     that journeys that did not convert count. Apportion is the
//     exact-sum rounding they share, and
//     touchpoints/attribution/attributiontest holds any Model to the same
//     rules.
//   - outreach: delivery. The Channel plug-in (memory and signed webhook
//     channels in outreach/webhook, the conformance suite and fault
//     wrappers in outreach/channeltest) and Sender, which sends
//     stage-appropriate actions only with consent, under a frequency cap
//     held across processes, never twice; Report says what happened to
//     each customer.
//   - simulate: a seeded customer base with known stages, levels, spending
//     multipliers and mentions, for tests, examples and what-if work.
//   - examples: runnable programs. examples/report is the main job: the
//     whole pipeline on embedded simulated data or your own files, as text
//     or a self-contained HTML page; beside it small programs that each do
//     one thing, and examples/quickstart.
//
// # How data flows
//
//	interactions (CSV, JSON Lines, a Store)        mentions (files, feeds)
//	        |                                             |
//	engagement: Fold -> Profiles (+ goodwill)      listening: Centre -> alerts,
//	        |           \                                    response cases
//	        |            engagement/clv: summaries -> BG/NBD, Gamma-Gamma
//	stages: Classify -> Result (stage, reasons) -> Tally, Focus, Transitions
//	        |        \
//	        |         segment: conditions -> matching customers, explained
//	        |         health: scorecards -> score, band -> state history
//	        |         plays: history -> triggers -> plays -> outreach
//	        |                       \
//	estimate: levels and a baseline   touchpoints: plan, returns, budget;
//	  -> revenue, scenarios,            journeys -> attribution
//	  observed multiplier             outreach: Sender through a Channel
//	        \                               /
//	         examples/report: the whole pipeline, text or HTML
//
// Imports point one way. engagement imports none of the others (clv,
// sqlstore and storetest sit beside it); stages imports engagement;
// estimate, segment and outreach import stages; touchpoints imports
// outreach only for the deprecated names of what moved there, and not
// stages; health imports segment, and plays imports segment and outreach;
// listening imports only engagement and listening/sentiment, which imports
// none of the others (listening/digest, which delivers through a Channel,
// also outreach); touchpoints/attribution imports none of them, so it
// can credit any journeys; simulate, which builds a base with known
// stages and mentions for tests and examples, imports engagement,
// engagement/clv, stages and listening. The revenue estimates live in their own package rather than
// in engagement because the customer model is built on stages' engagement
// levels.
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
// See the package example: fold interactions into profiles, hear what the
// public says, place the customer in a stage and ask what fits.
package engage
