package stages

import (
	"math"
	"strconv"

	"github.com/engagekit/engage/engagement"
)

// The default signs of hostility of [LevelRules]. Gallup describes actively
// disengaged customers as emotionally detached and actively hostile, and
// not engaged ones as neutral; these thresholds read hostility from
// behaviour, each from a signal whose scale says where neutral ends. They
// are this library's calibration, not Gallup's.
const (
	// DefaultDisengagedComplaints: one complaint the business has not put
	// right is a grievance the customer still holds.
	DefaultDisengagedComplaints = 1

	// DefaultDisengagedSatisfaction is the mean satisfaction (1 to 5)
	// below which a customer is hostile: 2.5, nearer the scale's
	// "dissatisfied" (2) than its neutral middle (3). One poor answer among
	// neutral ones is a bad day; mostly poor answers are not.
	DefaultDisengagedSatisfaction = 2.5

	// DefaultDisengagedRecommend is the likelihood-to-recommend answer
	// (0 to 10) below which the latest answer is hostile: 7, so a
	// detractor's 0 to 6, the unhappy customers of the Net Promoter
	// classes, who speak against the business. Passives (7 and 8) are the
	// satisfied but unenthusiastic: not engaged.
	DefaultDisengagedRecommend = 7

	// DefaultDisengagedGoodwill is the goodwill balance, in points, below
	// which a customer is hostile: -3, more ill will than one complaint
	// ([engagement.DefaultComplaintEffect]) leaves; returns, calls for
	// help and poor answers that add up to more than that are hostility,
	// a single one is friction.
	DefaultDisengagedGoodwill = -3.0
)

// DisengagedSatisfaction is the default mean satisfaction below which a
// transactional customer counts as actively disengaged.
//
// Deprecated: use [DefaultDisengagedSatisfaction] or [LevelRules].Satisfaction.
const DisengagedSatisfaction = DefaultDisengagedSatisfaction

// LevelRules are the signs of hostility that make a transactional customer
// ActivelyDisengaged rather than NotEngaged (see [LevelRules.Level]). Any
// one of them is enough. A zero field means its default, so the zero
// LevelRules is [DefaultLevelRules]; a negative field (-Inf for Goodwill)
// turns its sign off.
type LevelRules struct {
	// OpenComplaints: at least this many open complaints; zero means
	// DefaultDisengagedComplaints (1).
	OpenComplaints int
	// Satisfaction: a mean satisfaction (1 to 5) below this, when the
	// customer has answered; zero means DefaultDisengagedSatisfaction (2.5).
	Satisfaction float64
	// Recommend: a latest likelihood-to-recommend answer (0 to 10) below
	// this; zero means DefaultDisengagedRecommend (7, a detractor's).
	Recommend int
	// Goodwill: a goodwill balance below this many points; zero means
	// DefaultDisengagedGoodwill (-3). Balances are kept in millionths of a
	// point, so -5e-7 means any negative balance.
	Goodwill float64
}

// DefaultLevelRules returns the rules of a zero LevelRules, every field
// set:
//
//	OpenComplaints  1
//	Satisfaction    2.5
//	Recommend       7
//	Goodwill        -3
func DefaultLevelRules() LevelRules {
	return LevelRules{
		OpenComplaints: DefaultDisengagedComplaints,
		Satisfaction:   DefaultDisengagedSatisfaction,
		Recommend:      DefaultDisengagedRecommend,
		Goodwill:       DefaultDisengagedGoodwill,
	}
}

// withDefaults returns r with every zero field set to its default.
func (r LevelRules) withDefaults() LevelRules {
	d := DefaultLevelRules()
	if r.OpenComplaints == 0 {
		r.OpenComplaints = d.OpenComplaints
	}
	if r.Satisfaction == 0 {
		r.Satisfaction = d.Satisfaction
	}
	if r.Recommend == 0 {
		r.Recommend = d.Recommend
	}
	if r.Goodwill == 0 {
		r.Goodwill = d.Goodwill
	}
	return r
}

// Validate reports a threshold that makes no sense: a NaN, a satisfaction
// above 5 or a recommend threshold above 10, which every answer would meet.
func (r LevelRules) Validate() error {
	switch {
	case math.IsNaN(r.Satisfaction):
		return invalidLevelRule("Satisfaction", "NaN", "want a number")
	case r.Satisfaction > 5:
		return invalidLevelRule("Satisfaction", formatFloat(r.Satisfaction), "want at most 5, the top of the scale")
	case r.Recommend > 10:
		return invalidLevelRule("Recommend", strconv.Itoa(r.Recommend), "want at most 10, the top of the scale")
	case math.IsNaN(r.Goodwill):
		return invalidLevelRule("Goodwill", "NaN", "want a number")
	}
	return nil
}

func invalidLevelRule(field, value, reason string) error {
	return &InvalidError{Field: "LevelRules." + field, Value: value, Reason: reason}
}

// Level maps a classification onto Gallup's four groups: advocates are
// FullyEngaged, returning customers Engaged, transactional customers
// ActivelyDisengaged when their signals show any of r's signs of hostility
// and NotEngaged otherwise; prospects, former and unclassified customers
// have NoLevel. It does not allocate.
func (r LevelRules) Level(res Result) Level {
	switch res.Stage {
	case Advocate:
		return FullyEngaged
	case Returning:
		return Engaged
	case Transactional:
		if r.Hostile(res.Signals) {
			return ActivelyDisengaged
		}
		return NotEngaged
	}
	return NoLevel
}

// Hostile reports whether s shows any of r's signs of hostility. The
// latest likelihood-to-recommend answer counts only when it lies in the
// class s.NPS names, so signals built with a class and no answer (read as
// 0) count as a detractor's answer of 0 and nothing else.
func (r LevelRules) Hostile(s Signals) bool {
	r = r.withDefaults()
	return (r.OpenComplaints > 0 && s.OpenComplaints >= r.OpenComplaints) ||
		(s.Answers > 0 && s.Satisfaction < r.Satisfaction) ||
		(s.NPS != engagement.NoNPSClass && engagement.ClassifyNPS(s.Recommend) == s.NPS && s.Recommend < r.Recommend) ||
		s.Goodwill < r.Goodwill
}
