// Package estimate puts money and head counts on customer engagement: what
// the published figures say a business unit, a customer base or a
// community is worth or needs, what a change of engagement would do to
// revenue, and what a user's own data say beside the published figures.
//
// Every published figure is a named default in [Figures], with its source
// and precise meaning; [DefaultFigures] returns them and any can be
// overridden. The models take the faithful reading of each figure first.
//
// # What the published figures measure
//
// The famous figures are often quoted at the wrong level. This package keeps
// them at the level they were measured at.
//
//   - 1.7x and 3.4x are business-unit figures (HumanSigma: Fleming &
//     Asplund; Fleming, Coffman & Harter, "Manage Your Human Sigma",
//     Harvard Business Review, July-August 2005; a meta-analysis of 1,979
//     business units in 10 companies). Units above the median of their
//     organisation on employee engagement but below it on customer
//     engagement were 1.7 times as financially effective as units below
//     the median on both; above on customers but below on employees gave
//     similar results; above on both, 3.4 times. They compare groups of
//     units, not customers. "Engaged customers generate 1.7 times more
//     revenue than normal customers" (seed 001) is the popular reading of
//     them, not what was measured. [UnitModel] is the faithful model; the
//     per-customer reading is available only as [PerCustomerAssumption].
//   - +23% and -13% are customer-level figures (Gallup's customer
//     engagement index, CE11, which sorts customers into four levels: fully
//     engaged, engaged, not engaged, actively disengaged; see
//     [stages.Level]). Fully engaged customers represent a 23% premium over
//     the average customer in share of wallet, profitability, revenue and
//     relationship growth (Gallup, "Creating Impact in B2B Relationships",
//     and State of the American Consumer, 2014); actively disengaged
//     customers a 13% discount (State of the American Consumer, 2014). Both
//     are relative to the average customer, not to a "normal" one, and
//     nothing is published for the two middle levels. [CustomerModel] is
//     built on them.
//   - Fewer than 1 in 7 B2B customers are optimally engaged (the B2B
//     report): a bound, [Figures.B2BOptimallyEngaged].
//   - The engagement ratio, fully engaged to actively disengaged customers,
//     is about 0.8 : 1 in an average organisation (about 19% against 24%)
//     and 8 : 1 in a world-class one (about 48% against 6%):
//     [Figures.AverageOrganisation], [Figures.WorldClass], [Mix.Ratio].
//   - Loyal customers are 4 to 6 times more likely to repurchase than merely
//     satisfied ones (seed 001), and 80-90% of conversations about a
//     business happen offline (seed 003). These are ranges, and stay
//     ranges: a [Range], and the estimates built on them
//     ([Figures.LoyalRepurchaseRate], [Figures.Conversations]) report a low
//     and a high end.
//   - 90-9-1: of 100 members of a community, about 90 only read, 9
//     contribute occasionally and 1 creates most content (seed 001, "based
//     on experience rather than research"): [Participation].
//
// # Business units
//
// [UnitModel.Place] takes each unit's employee and customer engagement
// scores, computes the two medians, and places each unit in a [Quadrant];
// a unit exactly at a median counts as below it. Its relative financial
// performance is 1, 1.7, 1.7 or 3.4, and the portfolio's is the mean over
// its units. [UnitModel.Uplift] is the factor of moving a unit from one
// quadrant to another, and [UnitModel.EngageEmployees] and
// [UnitModel.Move] apply it to a unit's revenue with the medians held
// where they were.
//
// # Customers and the calibration
//
// [CustomerModel] estimates a base's revenue from its [Mix] (customers per
// level) and a baseline: the revenue of the base's average customer,
// observed ([BaseOf] and [Base.Baseline], the mean Monetary of profiles),
// supplied, or forecast (RevenuePerCustomer of a base forecast in package
// engagement/clv). The fully engaged earn 1.23 times the average customer,
// the actively disengaged 0.87 times, and the engaged and not engaged,
// about whom nothing is published, share one factor c solved so that the
// average customer of the calibration mix earns exactly the average:
//
//	c = (N - 1.23·n_fully - 0.87·n_disengaged) / (n_engaged + n_not_engaged)
//
// The calibration mix is the base itself by default, so its revenue is its
// customers times the baseline, as observed. It can be a reference mix
// instead ([CustomerModel.CalibrateOn], such as the average organisation's
// [Benchmark.Mix]); the factors are then rescaled so that the base's
// average customer still earns the baseline. A mix cannot be calibrated
// when it has no engaged or not engaged customers, or when c would fall
// outside 0.87 to 1.23, which happens (with the default figures) with more
// than 13/36 (about 36%) fully engaged or more than 23/36 (about 64%)
// actively disengaged customers: the model then fails with [ErrUncalibrated] rather than let a
// more engaged customer earn less. A world-class base (48% fully engaged)
// is such a mix; estimate it on a reference calibration.
//
// # The per-customer assumption
//
// A [CustomerModel] whose Assume field names a [PerCustomerAssumption]
// reads the 1.7 as a per-customer multiplier: each engaged or fully engaged
// customer earns 1.7 times what each not engaged or actively disengaged one
// earns, scaled so that the base's average customer earns the baseline. The
// study does not support this reading; a model has it only when the caller
// names it. A multiplier observed in the user's own data
// ([ObserveMultiplier]) is a better value for it than 1.7.
//
// # Scenarios
//
// [CustomerModel.Scenario] moves customers between levels ([Move]: a count
// or a fraction; "move 10% of returning customers to advocates" is a move
// from Engaged to FullyEngaged under the default mapping of
// [stages.LevelOf]) and returns the revenue before and after,
// per level and in total. The calibration of the before mix is kept to
// value the after mix: calibrating the after mix afresh would make its
// average customer earn the baseline again, and no move would change
// anything. [UnitModel.Move] and [UnitModel.EngageEmployees] are the
// scenarios of the unit model.
//
// The figures these scenarios rest on are points, so their results are
// points. Where the user brings a range, such as the interval of an
// observed multiplier, run the scenario at each end: with
// [PerCustomerAssumption] and a multiplier of at least 1, the total change
// of a move to more engaged levels grows with the multiplier, so the two
// runs bound it (a single level's figure need not move the same way).
//
// # Observed multiplier
//
// [ObserveMultiplier] computes, from a user's own customers, the ratio of
// the mean revenue of engaged customers to that of the others, with a
// seeded, deterministic percentile bootstrap interval, and sets it beside
// the published 1.7 it is usually compared with.
//
// # Community sizing
//
// [Participation.Size] gives the expected readers, contributors and
// creators of a population, and [Participation.PopulationFor] the
// population needed for a target number in a [Group], rounded up. The
// seed's "30 contributing customers need a population of 3,000" counts the
// 1% of [Creators]; the same 30 occasional [Contributors] need 334 people,
// and 30 [Posters] of either kind 300.
//
// # Money
//
// Money is [decimal.Decimal], computed in exact rational arithmetic and
// rounded once, at the edge, to [Places] (cents) half to even. A total is
// its exact value rounded; the levels of a [Revenue] are apportioned so
// that they add up to the total exactly, and the changes of a scenario add
// up to its total change exactly.
//
// # Errors
//
// Every error about an input is an *[InvalidError] naming the field and
// value, and matches [ErrInvalid]; [ErrUncalibrated] and
// [ErrTooFewSamples] single out the two conditions a caller may want to
// branch on. Nothing in the package panics on input.
package estimate
