// Package health scores how healthy each customer relationship is, the
// way customer-success tools do: a weighted scorecard over measures the
// library already has, a band (red, yellow, green) with hysteresis, a
// scorecard per segment, and an explanation of what moved the score.
//
// # The model
//
// A [Scorecard] is a list of [Measure]s with weights. Each measure maps
// one fact about the customer onto 0 (worst) to 100 (best), and the
// score is the weighted mean
//
//	score = sum(w_i · m_i) / sum(w_i)
//
// over the measures that have a value for the customer. A measure without
// one (no profile, no survey answer, no mentions, no P(alive)) is left out
// of both sums, so the other measures share its weight, and the
// [Result] names it in Missing; with no value at all there is no score.
// The weighted mean lies between the lowest and highest measure score,
// does not change when every weight is scaled, and never falls when a
// measure rises. Each [Part] of a result gives a measure's value, weight,
// share of the weight and points: the points add up to the score.
//
// The inputs are a plain [Facts] struct: the profile, the stage
// classification, and what other packages compute, passed in as numbers
// so that this package depends on neither: the probability that the
// customer is alive (engagement/clv's BGNBD.ProbabilityAlive) and the
// mean sentiment and count of the customer's mentions (listening).
//
// # The built-in measures and their defaults
//
// Every mapping is a named, overridable default. They are this library's
// calibration, tied to the other packages' defaults, not published
// figures.
//
//   - [Goodwill]: a logistic curve of the goodwill balance, 50 at a
//     balance of 0 and rising over [DefaultGoodwillScale] (3 points, one
//     complaint's worth). Logistic because the balance is unbounded both
//     ways: any balance maps into 0 to 100, a point matters most near
//     neutral, and there is no cut-off past which goodwill stops
//     counting.
//   - [Stage]: [DefaultStageScores]: former 0, prospect 25, transactional
//     40, returning 70, advocate 100; the stages of engagement sit at the
//     lower bounds of the default bands they stand for.
//   - [Alive]: P(alive) · 100; a probability is already a health figure.
//   - [NPS]: promoter 100, passive 50, detractor 0 ([DefaultNPSScores]):
//     the Net Promoter weights +100, 0 and -100 moved onto 0 to 100. No
//     answer has no value.
//   - [Sentiment]: (mean compound + 1) · 50, so neutral is 50; no
//     mentions, no value.
//   - [Complaints]: 100 less 30 per open and 10 per resolved complaint,
//     at least 0: the 3-to-1 ratio of the goodwill defaults' complaint
//     (-3) and what remains after its resolution (-3 + 2).
//
// [DefaultScorecard] weighs them 25, 20, 20, 15, 10 and 10
// (the Default...Weight constants). There are no published default
// weights: customer-success tools leave them to each business. These are
// a starting point, to be tuned against your own churn and expansion, and
// each is named and overridable: build a Scorecard of your own, with
// [MeasureFunc] for measures the library does not have.
//
// # Bands and hysteresis
//
// [Bands] name ranges of the score, by default red below 40, yellow from
// 40 and green from 70 ([DefaultBands]), with a margin of 5 points. A
// customer moves to a better band only when the score clears its lower
// bound by the margin, and to a worse one only when it falls below the
// bound by the margin; in between they keep their previous band, so a
// score wavering at a bound does not flip the band (and fire "dropped a
// band") back and forth. The previous band comes from the customer's
// latest engagement.StateRecord ([ParseState]); without one the plain
// bounds apply. The 5 points are what one measure of weight 20 in 100
// moving 25 points shifts.
//
// # Segments
//
// A [Set] picks each customer's scorecard by segment: the first
// [segment.Segment] the customer matches, else the default, so B2B
// accounts and consumers can be weighed differently and still share one
// scale of bands. The zero Set is the default scorecard and bands.
//
// # Explanations and history
//
// [Result.Explain] says what made the score: against the previous result,
// how the score and band moved and which measures moved them, each in
// points of the score ("goodwill fell from 70 to 35: -8.2 points");
// alone, which measure contributed most and least. [Result.StateRecord]
// turns a result into the engagement.StateRecord a HistoryStore keeps, and
// [ParseState] reads one back.
package health
