package engagement

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultHalfLife is how long goodwill takes to halve when nothing happens:
// 90 days, about one season. The seeds say goodwill comes from "repeated
// positive experiences" and give no figure; a quarter is the horizon on
// which most businesses see a customer again or lose them. Override it with
// [GoodwillRules.HalfLife].
const DefaultHalfLife = 90 * 24 * time.Hour

// The default effect, in goodwill points, of each built-in kind. They are
// this library's calibration, not published figures: one ordinary purchase
// is worth one point, and the rest are scaled from it so that a single
// complaint (an honest mistake, three points) is absorbed by a returning
// customer, one with a few recent purchases and a good word, the seed's
// "cut you some slack", but not by a newcomer; a resolved complaint wins
// most of it back (service recovery). Override any of them with
// [GoodwillRules.Effects].
const (
	DefaultPurchaseEffect          = 1.0  // a purchase: the basic exchange, honoured
	DefaultReturnEffect            = -1.0 // goods came back: the purchase did not satisfy
	DefaultServiceRequestEffect    = -0.5 // the customer needed help: friction, however well handled
	DefaultComplaintEffect         = -3.0 // a mistake the customer felt strongly enough to report
	DefaultComplaintResolvedEffect = 2.0  // the mistake put right: most of the loss recovered
	DefaultRatingGivenEffect       = 0.0  // answering a survey; the answer carries the effect
	DefaultReferralEffect          = 5.0  // the customer vouched for the business to someone else
	DefaultReviewEffect            = 1.0  // a public review, before its stars
	DefaultCommunityPostEffect     = 2.0  // time given to the community
	DefaultVisitEffect             = 0.25 // showing up
)

// The default effects of an answer, carried by any interaction: each
// satisfaction point above or below the neutral 3 of 5 is worth one
// goodwill point; a promoter's answer (9-10) two, a passive's (7-8) none, a
// detractor's (0-6) minus two. Library calibration, like the kind effects;
// override them with [GoodwillRules.Ratings].
const (
	DefaultPerSatisfactionPoint = 1.0
	DefaultPromoterEffect       = 2.0
	DefaultPassiveEffect        = 0.0
	DefaultDetractorEffect      = -2.0
)

// MaxEffect bounds the size of any one effect, in points, so that balances
// kept in millionths of a point fit an int64 for any realistic history.
const MaxEffect = 1e6

// RatingEffects say how an answer moves goodwill.
type RatingEffects struct {
	PerSatisfactionPoint float64 // per point above 3 on the 1-5 scale (negative below)
	Promoter             float64 // a likelihood-to-recommend answer of 9 or 10
	Passive              float64 // 7 or 8
	Detractor            float64 // 0 to 6
}

// GoodwillRules say how much each interaction moves goodwill and how fast
// goodwill fades. The zero value, and a nil *GoodwillRules, mean the
// defaults.
//
// Goodwill is a balance: every interaction adds its effect (its kind's
// effect plus its rating's), and the balance halves every HalfLife. All
// contributions fade at the same rate, so with no new events a balance
// keeps its sign and shrinks toward zero: goodwill never rises without
// events, and ill will is slowly forgotten. The balance at a time t is
//
//	sum over interactions i at or before t of effect(i) · 2^(-(t - t_i) / HalfLife)
//
// with each term rounded to a millionth of a point, so that balances add
// exactly in any order.
type GoodwillRules struct {
	// HalfLife is how long a balance takes to halve; zero means
	// DefaultHalfLife.
	HalfLife time.Duration
	// Effects replaces the effect of the kinds it names, built-in or
	// user-defined. Kinds it does not name keep their default: the
	// Default...Effect constants for built-in kinds, zero for others.
	Effects map[Kind]float64
	// Ratings replaces the Default...Effect constants for answers when
	// non-nil.
	Ratings *RatingEffects
}

// Validate reports a negative half-life or an effect that is not a finite
// number within ±MaxEffect, as a *[FieldError].
func (r *GoodwillRules) Validate() error {
	if r == nil {
		return nil
	}
	if r.HalfLife < 0 {
		return fieldError("half_life", r.HalfLife.String(), "half-life must not be negative")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Effects)) {
		if err := k.Validate(); err != nil {
			return err
		}
		if err := checkEffect("effect of "+string(k), r.Effects[k]); err != nil {
			return err
		}
	}
	if re := r.Ratings; re != nil {
		for _, f := range []struct {
			name string
			v    float64
		}{{"per_satisfaction_point", re.PerSatisfactionPoint}, {"promoter", re.Promoter},
			{"passive", re.Passive}, {"detractor", re.Detractor}} {
			if err := checkEffect(f.name, f.v); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkEffect(name string, v float64) error {
	if math.IsNaN(v) || math.Abs(v) > MaxEffect {
		return fieldError(name, strconv.FormatFloat(v, 'g', -1, 64), "effect must be a number within ±1e6 points")
	}
	return nil
}

// builtinIndex numbers the built-in kinds for table lookups; -1 for others.
func builtinIndex(k Kind) int {
	switch k {
	case Purchase:
		return 0
	case Return:
		return 1
	case ServiceRequest:
		return 2
	case Complaint:
		return 3
	case ComplaintResolved:
		return 4
	case RatingGiven:
		return 5
	case Referral:
		return 6
	case Review:
		return 7
	case CommunityPost:
		return 8
	case Visit:
		return 9
	}
	return -1
}

// goodwill is a compiled, immutable form of GoodwillRules: effects in table
// form for the per-event path.
type goodwill struct {
	halfLife int64       // nanoseconds
	builtin  [10]float64 // by builtinIndex
	user     map[Kind]float64
	ratings  RatingEffects
}

// compile returns the rules in table form. The rules must be valid.
func (r *GoodwillRules) compile() *goodwill {
	g := &goodwill{
		halfLife: int64(DefaultHalfLife),
		builtin: [10]float64{DefaultPurchaseEffect, DefaultReturnEffect,
			DefaultServiceRequestEffect, DefaultComplaintEffect,
			DefaultComplaintResolvedEffect, DefaultRatingGivenEffect,
			DefaultReferralEffect, DefaultReviewEffect,
			DefaultCommunityPostEffect, DefaultVisitEffect},
		ratings: RatingEffects{PerSatisfactionPoint: DefaultPerSatisfactionPoint,
			Promoter: DefaultPromoterEffect, Passive: DefaultPassiveEffect,
			Detractor: DefaultDetractorEffect},
	}
	if r == nil {
		return g
	}
	if r.HalfLife > 0 {
		g.halfLife = int64(r.HalfLife)
	}
	for k, v := range r.Effects {
		if i := builtinIndex(k); i >= 0 {
			g.builtin[i] = v
		} else {
			if g.user == nil {
				g.user = make(map[Kind]float64)
			}
			g.user[k] = v
		}
	}
	if r.Ratings != nil {
		g.ratings = *r.Ratings
	}
	return g
}

// equal reports whether g and h give every interaction the same effect.
func (g *goodwill) equal(h *goodwill) bool {
	return g == h || g.halfLife == h.halfLife && g.builtin == h.builtin &&
		g.ratings == h.ratings && maps.Equal(g.user, h.user)
}

// effect returns the points in moves goodwill by when it happens.
func (g *goodwill) effect(in *Interaction) float64 {
	if in.Kind.Initiated() {
		return 0
	}
	var e float64
	if i := builtinIndex(in.Kind); i >= 0 {
		e = g.builtin[i]
	} else if g.user != nil {
		e = g.user[in.Kind]
	}
	switch in.Rating.Scale {
	case Satisfaction:
		e += g.ratings.PerSatisfactionPoint * float64(int(in.Rating.Value)-3)
	case Recommend:
		switch ClassifyNPS(int(in.Rating.Value)) {
		case Promoter:
			e += g.ratings.Promoter
		case Passive:
			e += g.ratings.Passive
		case Detractor:
			e += g.ratings.Detractor
		}
	}
	return e
}

// remaining returns the share of an effect left after age nanoseconds.
func (g *goodwill) remaining(age int64) float64 {
	if age <= 0 {
		return 1
	}
	return math.Exp2(-float64(age) / float64(g.halfLife))
}

// micro returns an effect, decayed over age, in millionths of a point:
// the exact unit balances are kept in.
func micro(effect, remaining float64) int64 {
	return int64(math.Round(effect * remaining * 1e6))
}

// GoodwillStep is one interaction's part in a goodwill balance.
type GoodwillStep struct {
	ID        string        // the interaction's ID
	Kind      Kind          // its kind
	Time      time.Time     // when it happened
	Effect    float64       // points it moved goodwill by, then
	Age       time.Duration // how long before the as-of time it happened
	Remaining float64       // the share of Effect left after decay, in (0, 1]
	Points    float64       // what it contributes now: Effect · Remaining, to a millionth
}

// GoodwillExplanation is a balance taken apart: which interactions moved
// it, by how much, and what is left of each after decay.
type GoodwillExplanation struct {
	Customer CustomerID
	AsOf     time.Time
	HalfLife time.Duration
	Steps    []GoodwillStep // by time, then ID; interactions with no effect are left out
	Balance  float64        // the sum of the steps' Points: equal to Profile.Goodwill
}

// Explain computes the goodwill of one customer's interactions as of asOf,
// step by step. It reads the interactions of customer only, ignores those
// after asOf, and gives the same balance as a [Profile] of the same
// interactions. The rules must be valid (see Validate).
func (r *GoodwillRules) Explain(customer CustomerID, events iter.Seq[Interaction], asOf time.Time) GoodwillExplanation {
	g := r.compile()
	x := GoodwillExplanation{Customer: customer, AsOf: asOf, HalfLife: time.Duration(g.halfLife)}
	at := asOf.UnixNano()
	var total int64
	for in := range events {
		if in.Customer != customer || in.Time.After(asOf) {
			continue
		}
		e := g.effect(&in)
		if e == 0 {
			continue
		}
		age := at - in.Time.UnixNano()
		rem := g.remaining(age)
		m := micro(e, rem)
		total += m
		x.Steps = append(x.Steps, GoodwillStep{ID: in.ID, Kind: in.Kind, Time: in.Time,
			Effect: e, Age: time.Duration(age), Remaining: rem, Points: float64(m) / 1e6})
	}
	slices.SortFunc(x.Steps, func(a, b GoodwillStep) int {
		return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID))
	})
	x.Balance = float64(total) / 1e6
	return x
}

// String renders the explanation as a small table, one line a step.
func (x GoodwillExplanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "goodwill of %s as of %s (half-life %s): %.3f\n",
		x.Customer, x.AsOf.Format(time.DateOnly), formatDays(x.HalfLife), x.Balance)
	for _, s := range x.Steps {
		fmt.Fprintf(&b, "  %s  %-18s %+8.3f  %s ago, %5.1f%% left  %+8.3f\n",
			s.Time.Format(time.DateOnly), s.Kind, s.Effect, formatDays(s.Age), 100*s.Remaining, s.Points)
	}
	return b.String()
}

// formatDays renders a duration in whole days, the unit goodwill lives in.
func formatDays(d time.Duration) string {
	return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
}
