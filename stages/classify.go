package stages

import (
	"time"

	"github.com/engagekit/engage/engagement"
)

// Result is a classification: the stage, the reasons that decided it, and
// the signals and rules it was decided on, so that [Result.Explain] can say
// why in words.
type Result struct {
	Stage    Stage   // the stage or relationship state reached
	Previous Stage   // the stage the customer was in before; Unclassified if unknown
	Why      Reasons // never empty
	Signals  Signals // what the rules read
	rules    *Rules
}

// defaults is never changed: the rules behind the package-level Classify
// and a zero Rules.
var defaults = DefaultRules()

// resolve returns the rules to classify with: the defaults for a nil or
// zero Rules, r otherwise.
func (r *Rules) resolve() *Rules {
	if r == nil || *r == (Rules{}) {
		return &defaults
	}
	return r
}

// Classify places p in a stage with [DefaultRules]; see [Rules.Classify].
func Classify(p *engagement.Profile, prev Stage) Result {
	return defaults.ClassifySignals(SignalsOf(p), prev)
}

// Classify places the customer of profile p in a stage as of the profile's
// as-of time (fold as of the time you want to classify at), given the
// stage they were in before. Pass Unclassified when there is no earlier
// classification: the customer then has to meet the thresholds for moving
// up. A zero Rules means [DefaultRules]; any other rules must be valid
// (see [Rules.Validate]): Classify does not check them, and does not
// allocate.
func (r *Rules) Classify(p *engagement.Profile, prev Stage) Result {
	return r.ClassifySignals(SignalsOf(p), prev)
}

// ClassifySignals is [Rules.Classify] on signals read already.
//
// Hysteresis: a customer who was Returning or Advocate before is held to
// the Stay half of each band and window for Returning; one who was an
// Advocate, to the Stay half for Advocate. Everyone else must reach the
// Enter half. So a figure that wanders between the two halves never moves
// a customer up or down.
func (r *Rules) ClassifySignals(s Signals, prev Stage) Result {
	r = r.resolve()
	res := Result{Previous: prev, Signals: s, rules: r}
	switch {
	case s.PurchaseDays == 0:
		res.Stage, res.Why = Prospect, res.Why.with(NoPurchase)
		return res
	case !s.Seen || s.SinceSeen > r.FormerAfter:
		res.Stage, res.Why = Former, res.Why.with(Lapsed)
		return res
	}
	res.Stage, res.Why = Transactional, r.returning(s, prev.AtLeast(Returning))
	if res.Why != 0 {
		return res
	}
	res.Stage, res.Why = Returning, r.advocate(s, prev == Advocate)
	if res.Why != 0 {
		res.Why = res.Why.with(Loyal)
		return res
	}
	res.Stage, res.Why = Advocate, Reasons(0).with(Loyal).with(Advocacy)
	return res
}

// returning returns the Returning rules s misses (none when it meets them
// all), against the Stay half when stay is set.
func (r *Rules) returning(s Signals, stay bool) Reasons {
	var miss Reasons
	if s.PurchaseDays < r.RepeatPurchaseDays {
		miss = miss.with(OneOff)
	}
	if s.SincePurchase > r.ReturningWithin.pick(stay) {
		miss = miss.with(NotRecent)
	}
	if s.Goodwill < r.ReturningGoodwill.pick(stay) {
		miss = miss.with(LowGoodwill)
	}
	if s.Answers > 0 && s.Satisfaction < r.ReturningSatisfaction.pick(stay) {
		miss = miss.with(Dissatisfied)
	}
	return miss
}

// advocate returns the Advocate rules s misses.
func (r *Rules) advocate(s Signals, stay bool) Reasons {
	var miss Reasons
	if s.Referrals < r.AdvocateReferrals && s.NPS != engagement.Promoter {
		miss = miss.with(NoAdvocacy)
	}
	if !s.Advocated || s.SinceAdvocacy > r.AdvocacyWithin.pick(stay) {
		miss = miss.with(Neglected)
	}
	if s.Goodwill < r.AdvocateGoodwill.pick(stay) {
		miss = miss.with(ThinGoodwill)
	}
	return miss
}

func (b Band) pick(stay bool) float64 {
	if stay {
		return b.Stay
	}
	return b.Enter
}

func (w Window) pick(stay bool) time.Duration {
	if stay {
		return w.Stay
	}
	return w.Enter
}
